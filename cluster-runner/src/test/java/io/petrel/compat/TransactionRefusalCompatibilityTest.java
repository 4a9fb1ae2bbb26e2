package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.header.EndTransactionRequestHeader;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 {@code TransactionMQProducer} against Petrel, which has no transactions yet:
 * the half message is refused as a failed send (never SEND_OK), the local transaction never runs,
 * nothing is stored and no consumer receives anything; with {@code rejectTransactionMessage=true}
 * the refusal carries RocketMQ's remark. END_TRANSACTION, when a client waits for its answer, is
 * refused with an explanation.
 */
@Tag("official-client")
class TransactionRefusalCompatibilityTest {

    private static final String TOPIC = "TxOrders";
    private static final String REJECTING_TOPIC = "TxRejected";

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static final List<Object> CLIENTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir).addBroker("broker-a", Map.of())
                .addBroker("broker-r", Map.of("rejectTransactionMessage", "true"));
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("tx-admin");
        admin.start();
        try {
            admin.createAndUpdateTopicConfig(cluster.brokerAddr("broker-a"), new TopicConfig(TOPIC, 4, 4, 6));
            admin.createAndUpdateTopicConfig(cluster.brokerAddr("broker-r"), new TopicConfig(REJECTING_TOPIC, 4, 4, 6));
        } finally {
            admin.shutdown();
        }
    }

    @AfterAll
    static void stop() {
        for (Object c : CLIENTS) {
            if (c instanceof DefaultMQPushConsumer p) {
                p.shutdown();
            } else if (c instanceof DefaultMQProducer p) {
                p.shutdown();
            }
        }
        cluster.close();
    }

    /** Counts the local transactions the producer was asked to run; commits them all. */
    private static final class CommittingListener implements TransactionListener {
        final AtomicInteger executed = new AtomicInteger();

        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            executed.incrementAndGet();
            return LocalTransactionState.COMMIT_MESSAGE;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            return LocalTransactionState.COMMIT_MESSAGE;
        }
    }

    private static TransactionMQProducer transactionProducer(String group, CommittingListener listener) throws Exception {
        TransactionMQProducer p = new TransactionMQProducer(group);
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName(group);
        p.setTransactionListener(listener);
        p.start();
        CLIENTS.add(p);
        return p;
    }

    /** Per queue, then the commit log's end: what "nothing was stored" compares. */
    private static Map<String, Long> storeEnds(String broker, String topic) {
        return cluster.onBroker(broker, b -> {
            Map<String, Long> ends = new TreeMap<>();
            for (int q = 0; q < 4; q++) {
                ends.put("queue " + q, b.store().getMaxOffsetInQueue(topic, q));
            }
            ends.put("commit log", b.store().getMaxPhyOffset());
            return ends;
        });
    }

    /** Sends a message in a transaction; fails if the send was accepted. */
    private static void sendHalf(TransactionMQProducer producer, String topic) throws Exception {
        TransactionSendResult result = producer.sendMessageInTransaction(
                new Message(topic, "T", "half".getBytes(StandardCharsets.UTF_8)), null);
        throw new AssertionError("the half message was answered " + result.getSendStatus() + ", local transaction "
                + result.getLocalTransactionState());
    }

    private static MQBrokerException brokerRefusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof MQBrokerException refusal) {
                return refusal;
            }
        }
        throw new AssertionError("expected the broker to refuse the half message, got: " + thrown, thrown);
    }

    @Test
    @Compat(value = "transaction producer: a half message is refused (no transactions yet), nothing stored or delivered",
            kind = Compat.Kind.CLIENT)
    void aHalfMessageIsRefusedAsAFailedSendAndNothingIsStoredOrDelivered() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("TxReaders");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("tx-consumer");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> received.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        CLIENTS.add(consumer);
        Map<String, Long> before = storeEnds("broker-a", TOPIC);
        CommittingListener listener = new CommittingListener();
        TransactionMQProducer producer = transactionProducer("TxProducers", listener);

        Throwable thrown = catchThrowable(() -> sendHalf(producer, TOPIC));

        MQBrokerException refusal = brokerRefusal(thrown);
        assertThat(refusal.getResponseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(refusal.getErrorMessage()).contains("does not support transactional messages");
        assertThat(listener.executed).as("local transactions run").hasValue(0);
        assertThat(storeEnds("broker-a", TOPIC)).as("queue and commit-log ends").isEqualTo(before);

        DefaultMQProducer plain = new DefaultMQProducer("TxPlainProducers");
        plain.setNamesrvAddr(cluster.namesrvAddr());
        plain.setInstanceName("tx-plain");
        plain.start();
        CLIENTS.add(plain);
        assertThat(plain.send(new Message(TOPIC, "T", "plain".getBytes(StandardCharsets.UTF_8))).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);
        await().atMost(Duration.ofSeconds(60)).until(() -> received.contains("plain"));
        assertThat(received).as("what the consumer received").containsExactly("plain");
    }

    @Test
    @Compat(value = "transaction producer: rejectTransactionMessage=true refuses with RocketMQ's remark", kind = Compat.Kind.CLIENT)
    void rejectTransactionMessageRefusesWithRocketMqsRemark() throws Exception {
        Map<String, Long> before = storeEnds("broker-r", REJECTING_TOPIC);
        CommittingListener listener = new CommittingListener();
        TransactionMQProducer producer = transactionProducer("TxRejectedProducers", listener);

        Throwable thrown = catchThrowable(() -> sendHalf(producer, REJECTING_TOPIC));

        MQBrokerException refusal = brokerRefusal(thrown);
        assertThat(refusal.getResponseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(refusal.getErrorMessage()).contains("the broker[127.0.0.1] sending transaction message is forbidden");
        assertThat(listener.executed).hasValue(0);
        assertThat(storeEnds("broker-r", REJECTING_TOPIC)).isEqualTo(before);
    }

    @Test
    void anEndTransactionThatWaitsForItsAnswerIsRefusedWithTheReason() throws Exception {
        TransactionMQProducer producer = transactionProducer("TxEndProducers", new CommittingListener());
        EndTransactionRequestHeader header = new EndTransactionRequestHeader();
        header.setProducerGroup("TxEndProducers");
        header.setTranStateTableOffset(0L);
        header.setCommitLogOffset(0L);
        header.setCommitOrRollback(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        header.setFromTransactionCheck(false);
        header.setMsgId("7F00000100002A9F0000000000000000");
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.END_TRANSACTION, header);

        RemotingCommand response = producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl()
                .getRemotingClient().invokeSync(cluster.brokerAddr("broker-a"), request, 5_000);

        assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.getRemark()).contains("END_TRANSACTION(37) is not supported",
                "no transactional messages");
    }
}
