package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.broker.Broker;
import io.petrel.cluster.BrokerSpec;
import io.petrel.cluster.NodeProcess;
import io.petrel.cluster.ProcessCluster;
import io.petrel.cluster.TestRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.common.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication between Petrel and Apache RocketMQ 4.9.7, both ways, as an operator migrating a
 * running cluster one broker at a time meets it: a Petrel SYNC_MASTER with an Apache slave, and an
 * Apache SYNC_MASTER with a Petrel slave, around Apache's NameServer (see {@link ProcessCluster} for how
 * Apache's processes run, and why they listen on every interface). In each direction the master
 * first takes a backlog alone (answered SLAVE_NOT_AVAILABLE, stored); then the slave of the other
 * implementation starts, catches up from offset 0, and the official 4.9.8 producer gets SEND_OK for
 * every further message, which a SYNC_MASTER answers only once that slave has reported holding it.
 * The slave reaches the master's commit-log end; its commit-log bytes over the whole range, several
 * small files, equal the master's byte for byte, read from both store directories; and after the
 * master is gone the official push consumer consumes every message, backlog included, from the
 * slave, with the topic and group the slave copied from its master.
 */
@Tag("process")
@Tag("official-client")
class ApacheReplicationInteropTest {

    private static final String TOPIC = "InteropReplicated";
    private static final String GROUP = "InteropConsumers";
    private static final int QUEUES = 4;
    /** Sent before the slave exists: stored by the master, answered SLAVE_NOT_AVAILABLE, copied later. */
    private static final int BACKLOG = 40;
    /** Sent once the slave streams: 1 KiB bodies, enough to fill several commit-log files. */
    private static final int MESSAGES = 1_200;
    /** Small commit-log files (the same on master and slave), so replication crosses file ends. */
    /** Sent after the slave restarted. */
    private static final int AFTER_RESTART = 200;
    private static final int COMMIT_LOG_FILE = 512 * 1024;
    /** Below the file size, as both implementations require. */
    private static final String MAX_MESSAGE = "65536";
    private static final String PADDING = "x".repeat(1_000);

    @TempDir
    Path dir;

    private ProcessCluster apache;
    private RealCluster petrel;
    private DefaultMQAdminExt admin;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    /** Pull requests of the topic the consumer sent, by broker address. */
    private final Map<String, AtomicInteger> pulls = new ConcurrentHashMap<>();

    @AfterEach
    void stopEverything() {
        try {
            if (consumer != null) {
                consumer.shutdown();
            }
            if (producer != null) {
                producer.shutdown();
            }
            if (admin != null) {
                admin.shutdown();
            }
            if (petrel != null) {
                petrel.close();
            }
        } finally {
            if (apache != null) {
                apache.close();
            }
        }
    }

    @Test
    @Compat(value = "replication: a Petrel SYNC_MASTER with an Apache 4.9.7 slave", kind = Compat.Kind.CLIENT)
    void aPetrelSyncMasterReplicatesToAnApacheSlaveByteForByte() throws Exception {
        apache = ProcessCluster.open(TestRuns.settings(dir.resolve("apache")));
        String namesrv = apache.startApacheNamesrv().address();
        startAdmin(namesrv);
        petrel = RealCluster.onNamesrv(dir.resolve("petrel"), namesrv).addBroker("broker-a",
                Map.of("brokerRole", "SYNC_MASTER", "mapedFileSizeCommitLog", String.valueOf(COMMIT_LOG_FILE),
                        "maxMessageSize", MAX_MESSAGE));
        String master = petrel.brokerAddr("broker-a");
        List<String> sent = createAndSendBacklog(namesrv, master);

        NodeProcess apacheSlave = apache.startApacheBroker(BrokerSpec.generated("broker-a-s", Map.of("brokerName", "broker-a",
                "brokerId", "1", "brokerRole", "SLAVE", "mappedFileSizeCommitLog", String.valueOf(COMMIT_LOG_FILE),
                "maxMessageSize", MAX_MESSAGE)));
        String slave = apacheSlave.address();
        // slaveFallBehindMuch (4.9.8's name) counts only live slaves: 0 once this one holds the backlog.
        await("the Apache slave streams the backlog from the Petrel master").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> "0".equals(runtime(master).get("slaveFallBehindMuch")));
        Path masterLog = petrel.storeDir("broker-a").resolve("commitlog");
        Path slaveLog = apacheSlave.storeDir().resolve("commitlog");
        sent.addAll(sendAndCompare("replicated-", MESSAGES, master, masterLog, slave, slaveLog));
        assertThat(commitLogMaxOffset(master)).as("the messages span several commit-log files")
                .isGreaterThan(2L * COMMIT_LOG_FILE);

        // SIGKILL the slave mid-file: restarted, it recovers and asks the master for what follows its own end.
        long slaveEnd = commitLogMaxOffset(slave);
        apacheSlave.kill();
        await("the Petrel master sees the slave's connection end: with no live slave, the whole log is behind")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> String.valueOf(commitLogMaxOffset(master)).equals(runtime(master).get("slaveFallBehindMuch")));
        apacheSlave.restart();
        await("the restarted Apache slave streams again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> "0".equals(runtime(master).get("slaveFallBehindMuch")));
        assertThat(commitLogMaxOffset(slave)).as("the restarted slave kept what it had").isEqualTo(slaveEnd);
        sent.addAll(sendAndCompare("after-restart-", AFTER_RESTART, master, masterLog, slave, slaveLog));
        awaitSlaveCopiedTopicAndGroup(slave);

        petrel.stopBroker("broker-a");
        consumeEverythingFromTheSlave(namesrv, master, slave, sent);
    }

    @Test
    @Compat(value = "replication: an Apache 4.9.7 SYNC_MASTER with a Petrel slave", kind = Compat.Kind.CLIENT)
    void anApacheSyncMasterReplicatesToAPetrelSlaveByteForByte() throws Exception {
        apache = ProcessCluster.open(TestRuns.settings(dir.resolve("apache")));
        String namesrv = apache.startApacheNamesrv().address();
        startAdmin(namesrv);
        NodeProcess apacheMaster = apache.startApacheBroker(BrokerSpec.generated("broker-a", Map.of("brokerName", "broker-a",
                "brokerId", "0", "brokerRole", "SYNC_MASTER", "mappedFileSizeCommitLog", String.valueOf(COMMIT_LOG_FILE),
                "maxMessageSize", MAX_MESSAGE)));
        String master = apacheMaster.address();
        List<String> sent = createAndSendBacklog(namesrv, master);

        petrel = RealCluster.onNamesrv(dir.resolve("petrel"), namesrv).addBroker("broker-a-s", Map.of("brokerName",
                "broker-a", "brokerId", "1", "brokerRole", "SLAVE", "mapedFileSizeCommitLog", String.valueOf(COMMIT_LOG_FILE),
                "maxMessageSize", MAX_MESSAGE));
        String slave = petrel.brokerAddr("broker-a-s");
        await("the Petrel slave streams the backlog from the Apache master").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> petrel.onBroker("broker-a-s", Broker::haConnectedToMaster)
                        && commitLogMaxOffset(slave) == commitLogMaxOffset(master));
        Path masterLog = apacheMaster.storeDir().resolve("commitlog");
        Path slaveLog = petrel.storeDir("broker-a-s").resolve("commitlog");
        sent.addAll(sendAndCompare("replicated-", MESSAGES, master, masterLog, slave, slaveLog));
        assertThat(commitLogMaxOffset(master)).as("the messages span several commit-log files")
                .isGreaterThan(2L * COMMIT_LOG_FILE);

        // Restart the slave mid-file: it recovers and asks the master for what follows its own end.
        long slaveEnd = commitLogMaxOffset(slave);
        petrel.restartBroker("broker-a-s");
        await("the restarted Petrel slave streams again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> petrel.onBroker("broker-a-s", Broker::haConnectedToMaster));
        assertThat(commitLogMaxOffset(slave)).as("the restarted slave kept what it had").isEqualTo(slaveEnd);
        sent.addAll(sendAndCompare("after-restart-", AFTER_RESTART, master, masterLog, slave, slaveLog));
        awaitSlaveCopiedTopicAndGroup(slave);

        apacheMaster.kill();
        consumeEverythingFromTheSlave(namesrv, master, slave, sent);
    }

    private void startAdmin(String namesrv) throws Exception {
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(namesrv);
        admin.setInstanceName("interop-admin");
        admin.start();
    }

    /**
     * Creates the topic and group on the master and sends the backlog, which a SYNC_MASTER without a
     * slave stores and answers SLAVE_NOT_AVAILABLE (Apache's and Petrel's alike).
     */
    private List<String> createAndSendBacklog(String namesrv, String master) throws Exception {
        admin.createAndUpdateTopicConfig(master, new TopicConfig(TOPIC, QUEUES, QUEUES, 6));
        SubscriptionGroupConfig group = new SubscriptionGroupConfig();
        group.setGroupName(GROUP);
        admin.createAndUpdateSubscriptionGroupConfig(master, group);
        await("the topic's route").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> !admin.examineTopicRouteInfo(TOPIC).getQueueDatas().isEmpty());
        producer = new DefaultMQProducer("InteropProducers");
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("interop-producer");
        producer.setSendMsgTimeout(10_000);
        producer.start();
        return send("backlog-", BACKLOG, "", SendStatus.SLAVE_NOT_AVAILABLE);
    }

    private List<String> send(String prefix, int count, String padding, SendStatus expected) throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = prefix + i + padding;
            SendResult r = producer.send(new Message(TOPIC, "T", prefix + i, body.getBytes(StandardCharsets.UTF_8)));
            assertThat(r.getSendStatus()).as("send of %s%d", prefix, i).isEqualTo(expected);
            sent.add(body);
        }
        return sent;
    }

    /**
     * Sends to the master with its slave streaming (every send SEND_OK), waits until the slave holds
     * the master's whole commit log, backlog included, and compares the commit-log bytes of both
     * over that range, across the files it spans.
     */
    private List<String> sendAndCompare(String prefix, int count, String master, Path masterLog, String slave,
            Path slaveLog) throws Exception {
        List<String> sent = send(prefix, count, PADDING, SendStatus.SEND_OK);
        long end = commitLogMaxOffset(master);
        await("the slave reaches the master's commit-log end").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> commitLogMaxOffset(slave) == end);
        byte[] masterBytes = CommitLogFiles.read(masterLog, COMMIT_LOG_FILE, 0, end);
        byte[] slaveBytes = CommitLogFiles.read(slaveLog, COMMIT_LOG_FILE, 0, end);
        assertThat(slaveBytes.length).isEqualTo(masterBytes.length);
        assertThat(Arrays.mismatch(slaveBytes, masterBytes)).as("first byte where the slave's commit log differs, of %d", end)
                .isEqualTo(-1);
        assertThat(new String(masterBytes, StandardCharsets.ISO_8859_1)).contains("backlog-0", prefix + (count - 1));
        return sent;
    }

    private void awaitSlaveCopiedTopicAndGroup(String slave) {
        // A slave copies its master's topics and groups every 10 s; after its master is gone it serves those.
        await("the slave copied the topic and the group").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.getAllTopicConfig(slave, 5_000).getTopicConfigTable().containsKey(TOPIC)
                        && admin.getAllSubscriptionGroup(slave, 5_000).getSubscriptionGroupTable().containsKey(GROUP));
    }

    private void consumeEverythingFromTheSlave(String namesrv, String master, String slave, List<String> sent)
            throws Exception {
        consumer = new DefaultMQPushConsumer(GROUP, new RPCHook() {
            // The client calls after-response hooks only for synchronous calls, and pulls are asynchronous.
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                if (request.getCode() == RequestCode.PULL_MESSAGE
                        && request.readCustomHeader() instanceof PullMessageRequestHeader h && TOPIC.equals(h.getTopic())) {
                    pulls.computeIfAbsent(remoteAddr, a -> new AtomicInteger()).incrementAndGet();
                }
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            }
        }, new AllocateMessageQueueAveragely());
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("interop-consumer");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollNameServerInterval(1_000);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> delivered.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await("every message consumed from the slave").atMost(Duration.ofSeconds(60)).until(() -> delivered.containsAll(sent));
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(pulls.getOrDefault(slave, new AtomicInteger()).get()).as("pulls sent to the slave").isPositive();
        assertThat(pulls).as("none to the master, which is gone").doesNotContainKey(master);
    }

    private Map<String, String> runtime(String addr) throws Exception {
        return admin.fetchBrokerRuntimeStats(addr).getTable();
    }

    private long commitLogMaxOffset(String addr) throws Exception {
        return Long.parseLong(runtime(addr).get("commitLogMaxOffset"));
    }
}
