package io.petrel.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.UpdateConsumerOffsetRequestHeader;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's coverage probes fire in simulation when their situation is staged, on the usual
 * client cluster (two NameServers, masters broker-a and broker-b, 4 queues each):
 * {@code Simulator.coverage()} counts them per run.
 */
class ClientProbesSimTest {

    private static final String TOPIC = "ProbeTopic";

    private static long hits(ClientFixture f, String probe) {
        return f.sim.coverage().count(probe);
    }

    private static ConsumerConfig.Builder fromFirst(String group) {
        return ConsumerConfig.builder(group).consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    }

    /** A push consumer on TOPIC whose listener answers {@code status} {@code answerAfterMs} after each call. */
    private static SimNode slowConsumer(ClientFixture f, String name, ConsumerConfig config, long answerAfterMs,
            ConsumeConcurrentlyStatus status) {
        return slowConsumer(f, name, config, answerAfterMs, status, SendBackListener.NONE);
    }

    private static SimNode slowConsumer(ClientFixture f, String name, ConsumerConfig config, long answerAfterMs,
            ConsumeConcurrentlyStatus status, SendBackListener sendBacks) {
        return f.addClient(name, node -> {
            PushConsumer c = node.pushConsumer(config);
            c.setSendBackListener(sendBacks);
            c.subscribe(TOPIC, "*");
            c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx, done) ->
                    node.env().scheduler().schedule(answerAfterMs, () -> done.accept(status)));
            c.start();
        });
    }

    private static SteadyProducer produce(ClientFixture f, SimNode producerNode, int total) {
        ClientNode node = f.client(producerNode);
        SteadyProducer p = new SteadyProducer(node, node.producers().get(0), TOPIC, total, 8, 0, false);
        p.start();
        f.awaitTrue(p::finished, 60_000, "the producer to finish");
        return p;
    }

    @Test
    void rebalancesHandQueuesOverAndASlowListenerCausesFlowControl() {
        try (ClientFixture f = new ClientFixture(41, "ClientProbesSimTest#rebalancesHandQueuesOverAndASlowListenerCausesFlowControl")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            SimNode c1 = slowConsumer(f, "c1", fromFirst("CG").pullThresholdForQueue(2).build(), 500,
                    ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
            f.awaitTrue(() -> ClientSimTest.push(f, c1).ownedQueues().size() == 8, 60_000, "c1 to own every queue");
            assertThat(hits(f, "client-rebalance-changed")).isPositive();
            assertThat(hits(f, "client-rebalance-queue-removed")).isZero();
            assertThat(hits(f, "client-flow-control")).isZero();
            produce(f, producerNode, 80);
            f.sim.runFor(2_000);
            assertThat(hits(f, "client-flow-control")).isPositive();
            SimNode c2 = slowConsumer(f, "c2", fromFirst("CG").build(), 0, ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
            f.awaitTrue(() -> ClientSimTest.push(f, c2).ownedQueues().size() == 4, 60_000, "c2 to take half the queues");
            assertThat(hits(f, "client-rebalance-queue-removed")).isPositive();
        }
    }

    @Test
    void aProducerRetriesOnTheOtherBrokerAndTimesOutWhenNoBrokerAnswers() {
        try (ClientFixture f = new ClientFixture(42,
                "ClientProbesSimTest#aProducerRetriesOnTheOtherBrokerAndTimesOutWhenNoBrokerAnswers")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            assertThat(produce(f, producerNode, 8).failed).isEmpty();
            assertThat(hits(f, "client-send-retry-other-broker")).isZero();
            f.cluster.broker("broker-a").crash(CrashKind.PROCESS);
            assertThat(produce(f, producerNode, 8).failed).as("retried on broker-b").isEmpty();
            assertThat(hits(f, "client-send-retry-other-broker")).isPositive();
            assertThat(hits(f, "client-send-timeout")).isZero();
            f.sim.network().partition(List.of(producerNode.host()), List.of(f.cluster.broker("broker-b").host()),
                    LinkMode.BLACKHOLE);
            assertThat(produce(f, producerNode, 1).failed).hasSize(1);
            assertThat(hits(f, "client-send-timeout")).isEqualTo(1);
            assertThat(hits(f, "remoting-request-timeout")).isPositive();
        }
    }

    /**
     * Whichever NameServer the client starts with, one of the two phases takes it away while the
     * other serves, so one periodic route refresh fails over.
     */
    @Test
    void aRouteLookupFailsOverToTheOtherNameServer() {
        try (ClientFixture f = new ClientFixture(43, "ClientProbesSimTest#aRouteLookupFailsOverToTheOtherNameServer")) {
            f.createTopic(TOPIC, 4);
            f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")).send(
                    new Message(TOPIC, new byte[] {1}), new SendCallback() {
                        @Override
                        public void onSuccess(SendResult result) {
                        }

                        @Override
                        public void onException(ClientException e) {
                        }
                    }));
            f.sim.runFor(5_000);
            assertThat(hits(f, "client-route-namesrv-failover")).isZero();
            SimNode ns1 = f.cluster.namesrvs().get(0);
            SimNode ns2 = f.cluster.namesrvs().get(1);
            ns2.crash(CrashKind.PROCESS);
            f.sim.runFor(35_000);
            ns2.restart();
            f.sim.runFor(35_000);
            ns1.crash(CrashKind.PROCESS);
            f.sim.runFor(35_000);
            assertThat(hits(f, "client-route-namesrv-failover")).isPositive();
        }
    }

    @Test
    void aCommittedOffsetPastTheQueueEndIsMovedByTheBroker() {
        try (ClientFixture f = new ClientFixture(44, "ClientProbesSimTest#aCommittedOffsetPastTheQueueEndIsMovedByTheBroker")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            produce(f, producerNode, 16);
            RemotingCommand commit = f.call(f.cluster.brokerAddress("broker-a"), RemotingCommand.request(
                    RequestCode.UPDATE_CONSUMER_OFFSET, new UpdateConsumerOffsetRequestHeader("CG", TOPIC, 0, 1_000L, null)));
            assertThat(commit.code()).isEqualTo(ResponseCode.SUCCESS);
            slowConsumer(f, "c1", fromFirst("CG").build(), 0, ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
            f.sim.runFor(5_000);
            assertThat(hits(f, "client-pull-offset-moved")).isPositive();
        }
    }

    @Test
    void aSendBackThatCannotReachItsBrokerFallsBackToTheRetryTopic() {
        try (ClientFixture f = new ClientFixture(45, "ClientProbesSimTest#aSendBackThatCannotReachItsBrokerFallsBackToTheRetryTopic")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            List<Boolean> byClient = new ArrayList<>();
            List<Message> copies = new ArrayList<>();
            SimNode c1 = slowConsumer(f, "c1", fromFirst("CG").build(), 2_000, ConsumeConcurrentlyStatus.RECONSUME_LATER,
                    (m, copy) -> {
                        byClient.add(copy != null);
                        if (copy != null) {
                            copies.add(copy);
                        }
                    });
            f.awaitTrue(() -> ClientSimTest.push(f, c1).ownedQueues().size() == 8, 60_000, "c1 to own every queue");
            produce(f, producerNode, 8);
            f.sim.runFor(500);
            f.sim.network().partition(List.of(c1.host()), List.of(f.cluster.broker("broker-a").host()), LinkMode.RESET);
            f.sim.runFor(10_000);
            assertThat(hits(f, "client-sendback-fallback")).isPositive();
            assertThat(byClient).as("the send-back listener is told which copies the client sent itself")
                    .contains(true).hasSizeGreaterThanOrEqualTo((int) hits(f, "client-sendback-fallback"));
            assertThat(copies).as("the listener is handed the outgoing copy, bound for the retry topic with the raised count")
                    .allSatisfy(copy -> {
                        assertThat(copy.getTopic()).isEqualTo("%RETRY%CG");
                        assertThat(copy.getProperty(RetryProperties.RECONSUME_TIME)).isNotNull();
                    });
        }
    }

    /** Locks are renewed every 20 s and trusted for 30 s: a partition longer than that makes the next batch re-lock first. */
    @Test
    void anOrderlyQueueWhoseLockLapsedIsLockedAgainBeforeItsNextBatch() {
        try (ClientFixture f = new ClientFixture(46, "ClientProbesSimTest#anOrderlyQueueWhoseLockLapsedIsLockedAgainBeforeItsNextBatch")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            SimNode c1 = f.addClient("c1", node -> {
                PushConsumer c = node.pushConsumer(fromFirst("CG").build());
                c.subscribe(TOPIC, "*");
                c.registerMessageListener((MessageListenerOrderly) (msgs, ctx, done) ->
                        node.env().scheduler().schedule(10_000, () -> done.accept(ConsumeOrderlyStatus.SUCCESS)));
                c.start();
            });
            f.awaitTrue(() -> ClientSimTest.push(f, c1).ownedQueues().size() == 8, 60_000, "c1 to own every queue");
            produce(f, producerNode, 40);
            f.sim.runFor(1_000);
            assertThat(hits(f, "client-orderly-relock")).isZero();
            f.sim.network().partition(List.of(c1.host()), List.of(f.cluster.broker("broker-a").host(),
                    f.cluster.broker("broker-b").host()), LinkMode.BLACKHOLE);
            f.sim.runFor(45_000);
            assertThat(hits(f, "client-orderly-relock")).isPositive();
        }
    }
}
