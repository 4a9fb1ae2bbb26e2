package io.petrel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.Broker;
import io.petrel.common.MessageQueue;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin client against Petrel's real Broker nodes (two masters, two NameServers) in
 * simulation: the runbook's topic and group set-up, then a message sent, found and read back
 * through the admin client's own send and pull, with the store's offsets.
 */
class AdminOnBrokersSimTest {

    private Simulator sim;
    private SimCluster cluster;
    private SimNode adminNode;

    @BeforeEach
    void setUp() {
        sim = new Simulator(8128);
        cluster = new SimCluster(sim);
        cluster.addNamesrv();
        cluster.addNamesrv();
        cluster.addBroker("broker-a", Map.of("autoCreateTopicEnable", "false", "autoCreateSubscriptionGroup", "false"));
        cluster.addBroker("broker-b", Map.of("autoCreateTopicEnable", "false", "autoCreateSubscriptionGroup", "false"));
        adminNode = sim.addNode("admin", "10.0.9.9", env -> new AdminNode(env, cluster.namesrvAddresses(), 5_000));
        adminNode.start();
        cluster.awaitReady(30_000);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private AdminClient admin() {
        return adminNode.nodeAs(AdminNode.class).admin();
    }

    private <T> T await(Promise<T> promise) {
        assertThat(sim.runUntil(promise::isDone, 60_000)).as("settled: " + promise).isTrue();
        if (!promise.isSucceeded()) {
            throw promise.error();
        }
        return promise.value();
    }

    private Broker broker(String name) {
        return cluster.broker(name).nodeAs(Broker.class);
    }

    @Test
    void theRunbooksTopicAndGroupSetUpReachesBothMastersAndTheRoute() {
        TopicUpdateResult topic = await(admin().topics().createTopicOnCluster("DefaultCluster",
                TopicConfig.of("TOPIC_ORDER_SNAPSHOT", 8, 8, 6)));
        assertThat(topic.allOk()).isTrue();
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("TOPIC_ORDER_SNAPSHOT_Consumer_Group", true, false, false,
                1, 1, 0, 1, true);
        String brokerA = cluster.brokerAddress("broker-a").toString();
        assertThat(await(admin().topics().createSubscriptionGroup(brokerA, group))).allMatch(PeerResult::isOk);
        assertThat(broker("broker-a").groups().get("TOPIC_ORDER_SNAPSHOT_Consumer_Group").retryMaxTimes()).isEqualTo(1);
        assertThat(broker("broker-b").topics().get("TOPIC_ORDER_SNAPSHOT").writeQueueNums()).isEqualTo(8);
        sim.runFor(200);
        assertThat(await(admin().namesrv().route("TOPIC_ORDER_SNAPSHOT")).queueDatas()).hasSize(2)
                .allSatisfy(q -> assertThat(q.readQueueNums()).isEqualTo(8));
        assertThat(await(admin().messages().readQueues("TOPIC_ORDER_SNAPSHOT"))).hasSize(16);

        TopicDeleteResult deleted = await(admin().topics().deleteTopic("DefaultCluster", "TOPIC_ORDER_SNAPSHOT"));
        assertThat(deleted.allOk()).isTrue();
        assertThat(broker("broker-b").topics().contains("TOPIC_ORDER_SNAPSHOT")).isFalse();
    }

    @Test
    void aMessageSentByTheAdminClientIsReadBackByOffsetAndByPull() {
        await(admin().topics().createTopicOnCluster("DefaultCluster", TopicConfig.of("TopicM", 2, 2, 6)));
        sim.runFor(200);
        SendOutcome sent = await(admin().messages().send(new AdminSender.Request("TopicM", "hello petrel", "TagA",
                "KEY1 KEY2", "broker-b", 1)));
        assertThat(sent.sendStatus()).isEqualTo("SEND_OK");
        assertThat(sent.queue()).isEqualTo(new MessageQueue("TopicM", "broker-b", 1));
        sim.runFor(500);

        MessageQueue mq = sent.queue();
        assertThat(await(admin().messages().maxOffset(mq))).isEqualTo(sent.queueOffset() + 1);
        AdminMessage read = await(admin().messages().messageAt(mq, sent.queueOffset()));
        assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("hello petrel");
        assertThat(read.msgId()).isEqualTo(sent.msgId());
        assertThat(read.offsetMsgId()).isEqualTo(sent.offsetMsgId());
        assertThat(read.hasKey("KEY2")).isTrue();
        assertThat(read.tags()).isEqualTo("TagA");

        assertThat(await(admin().messages().pull(mq, "TagA", 0, 32)).messages()).extracting(AdminMessage::msgId)
                .containsExactly(sent.msgId());
        PullAnswer other = await(admin().messages().pull(mq, "TagB", 0, 32));
        assertThat(other.messages()).isEmpty();
        assertThat(other.status()).isIn(PullAnswer.Status.NO_MATCHED_MSG, PullAnswer.Status.NO_NEW_MSG);
    }

    @Test
    void anUnspecifiedQueueIsChosenAmongWritableMastersAndOffsetsCanBeCommitted() {
        await(admin().topics().createTopicOnCluster("DefaultCluster", TopicConfig.of("TopicR", 4, 4, 6)));
        sim.runFor(200);
        for (int i = 0; i < 6; i++) {
            SendOutcome sent = await(admin().messages().send(new AdminSender.Request("TopicR", "m" + i, null, null, null, -1)));
            assertThat(sent.queue().brokerName()).isIn("broker-a", "broker-b");
        }
        MessageQueue q0 = new MessageQueue("TopicR", "broker-a", 0);
        String brokerA = cluster.brokerAddress("broker-a").toString();
        await(admin().topics().createSubscriptionGroup(brokerA, SubscriptionGroupConfig.defaults("CG_R")));
        await(admin().broker().updateConsumerOffset(brokerA, "CG_R", q0, 0));
        assertThat(broker("broker-a").offsets().query("CG_R", "TopicR", 0)).isZero();
        assertThat(await(admin().broker().topicConsumedBy(brokerA, "TopicR")).groupList()).contains("CG_R");
    }

    @Test
    void refusalsFromARealBrokerCarryItsRemark() {
        String brokerA = cluster.brokerAddress("broker-a").toString();
        AdminException refused = failure(admin().broker().createTopic(brokerA, TopicConfig.of("SCHEDULE_TOPIC_XXXX", 1, 1, 6)));
        assertThat(refused.getMessage()).contains("conflict with system topic");
        AdminException offline = failure(admin().broker().consumerConnection(brokerA, "NoSuchGroup"));
        assertThat(offline.code()).isEqualTo(206);
        assertThat(offline.getMessage()).endsWith("CONSUMER_NOT_ONLINE(206): the consumer group[NoSuchGroup] not online");
        assertThat(List.of(refused.kind(), offline.kind())).containsOnly(AdminException.Kind.REMOTE_ERROR);
    }

    private AdminException failure(Promise<?> promise) {
        assertThat(sim.runUntil(promise::isDone, 60_000)).isTrue();
        assertThat(promise.isSucceeded()).as("expected a failure, got " + promise).isFalse();
        return promise.error();
    }
}
