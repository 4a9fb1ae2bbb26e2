package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The official 4.9.8 {@code TransactionMQProducer} against Petrel on real processes (issue 19):
 * commit delivers exactly the committed messages, rollback delivers none, an UNKNOW answer followed
 * by a check that commits (or rolls back) is resolved by the check, a producer that dies after its
 * half message is replaced by a restarted producer of its group, which the check service asks, and an
 * unresolved half message outlives a broker restart (the real store, read back at start).
 * With {@code rejectTransactionMessage=true} the half message is refused with RocketMQ's remark, and
 * an END_TRANSACTION that names no half message is refused with the reason.
 */
@Tag("official-client")
class TransactionCompatibilityTest {

    private static final String TOPIC = "TxOrders";
    private static final String REJECTING_TOPIC = "TxRejected";
    private static final Map<String, String> FAST_CHECKS = Map.of("transactionCheckInterval", "1000",
            "transactionTimeOut", "1000");

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static final List<Object> CLIENTS = new CopyOnWriteArrayList<>();
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir).addBroker("broker-a", FAST_CHECKS)
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
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("TxReaders");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName("tx-consumer");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> RECEIVED.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        CLIENTS.add(consumer);
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

    /** Answers by message body: what the local transaction decides, and what a check is told. */
    private static final class ScriptedListener implements TransactionListener {
        final Map<String, LocalTransactionState> onExecute = new ConcurrentHashMap<>();
        final Map<String, LocalTransactionState> onCheck = new ConcurrentHashMap<>();
        final List<String> checked = new CopyOnWriteArrayList<>();
        final AtomicInteger executed = new AtomicInteger();

        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            executed.incrementAndGet();
            return onExecute.getOrDefault(new String(msg.getBody(), StandardCharsets.UTF_8), LocalTransactionState.UNKNOW);
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            String body = new String(msg.getBody(), StandardCharsets.UTF_8);
            checked.add(body);
            return onCheck.getOrDefault(body, LocalTransactionState.UNKNOW);
        }
    }

    private static TransactionMQProducer transactionProducer(String group, String instance, ScriptedListener listener)
            throws Exception {
        TransactionMQProducer p = new TransactionMQProducer(group);
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName(instance);
        p.setTransactionListener(listener);
        p.start();
        CLIENTS.add(p);
        return p;
    }

    private static TransactionSendResult send(TransactionMQProducer producer, String topic, String body) throws Exception {
        return producer.sendMessageInTransaction(new Message(topic, "T", body, body.getBytes(StandardCharsets.UTF_8)), null);
    }

    private static long count(String body) {
        return RECEIVED.stream().filter(body::equals).count();
    }

    @Test
    @Compat(value = "transaction producer: commit delivers, rollback never, an UNKNOW resolved by the check",
            kind = Compat.Kind.CLIENT)
    void commitDeliversRollbackNeverAndAnUnknownOutcomeIsResolvedByTheCheck() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        listener.onExecute.put("tx-commit", LocalTransactionState.COMMIT_MESSAGE);
        listener.onExecute.put("tx-rollback", LocalTransactionState.ROLLBACK_MESSAGE);
        listener.onCheck.put("tx-unknown-commit", LocalTransactionState.COMMIT_MESSAGE);
        listener.onCheck.put("tx-unknown-rollback", LocalTransactionState.ROLLBACK_MESSAGE);
        TransactionMQProducer producer = transactionProducer("TxProducers", "tx-producer", listener);
        for (String body : List.of("tx-commit", "tx-rollback", "tx-unknown-commit", "tx-unknown-rollback")) {
            TransactionSendResult r = send(producer, TOPIC, body);
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(r.getMessageQueue().getTopic()).isEqualTo(TOPIC);
        }
        assertThat(listener.executed).hasValue(4);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("tx-commit") > 0 && count("tx-unknown-commit") > 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.onBroker("broker-a",
                b -> b.transactions().pending() == 0 && b.transactions().rolledBackCount() >= 2));
        assertThat(listener.checked).contains("tx-unknown-commit", "tx-unknown-rollback").doesNotContain("tx-commit",
                "tx-rollback");
        assertThat(count("tx-commit")).isEqualTo(1);
        assertThat(count("tx-unknown-commit")).isEqualTo(1);
        assertThat(RECEIVED).doesNotContain("tx-rollback", "tx-unknown-rollback");
    }

    @Test
    @Compat(value = "transaction producer: a producer that died is replaced; the check asks the new one",
            kind = Compat.Kind.CLIENT)
    void aProducerThatDiesAfterItsHalfMessageIsAskedAboutThroughARestartedProducerOfItsGroup() throws Exception {
        ScriptedListener first = new ScriptedListener();
        TransactionMQProducer dying = transactionProducer("TxOrphans", "tx-orphan-1", first);
        assertThat(send(dying, TOPIC, "tx-orphan").getLocalTransactionState()).isEqualTo(LocalTransactionState.UNKNOW);
        dying.shutdown();
        CLIENTS.remove(dying);
        ScriptedListener second = new ScriptedListener();
        second.onCheck.put("tx-orphan", LocalTransactionState.COMMIT_MESSAGE);
        transactionProducer("TxOrphans", "tx-orphan-2", second);
        await().atMost(Duration.ofSeconds(90)).until(() -> count("tx-orphan") > 0);
        assertThat(second.checked).contains("tx-orphan");
        assertThat(count("tx-orphan")).isEqualTo(1);
    }

    @Test
    @Compat(value = "transaction producer: an unresolved half message outlives a broker restart and is asked about",
            kind = Compat.Kind.CLIENT)
    void anUnresolvedHalfMessageOutlivesABrokerRestartAndIsAskedAboutAfterIt() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        TransactionMQProducer producer = transactionProducer("TxRestarts", "tx-restart", listener);
        assertThat(send(producer, TOPIC, "tx-restart").getLocalTransactionState()).isEqualTo(LocalTransactionState.UNKNOW);
        cluster.restartBroker("broker-a");
        listener.onCheck.put("tx-restart", LocalTransactionState.COMMIT_MESSAGE);
        await().atMost(Duration.ofSeconds(90)).until(() -> count("tx-restart") > 0);
        assertThat(count("tx-restart")).isEqualTo(1);
    }

    @Test
    @Compat(value = "transaction producer: rejectTransactionMessage=true refuses with RocketMQ's remark", kind = Compat.Kind.CLIENT)
    void rejectTransactionMessageRefusesWithRocketMqsRemark() throws Exception {
        Long before = cluster.onBroker("broker-r", b -> b.store().getMaxPhyOffset());
        ScriptedListener listener = new ScriptedListener();
        TransactionMQProducer producer = transactionProducer("TxRejectedProducers", "tx-rejected", listener);

        Throwable thrown = catchThrowable(() -> send(producer, REJECTING_TOPIC, "refused"));

        MQBrokerException refusal = brokerRefusal(thrown);
        assertThat(refusal.getResponseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(refusal.getErrorMessage()).contains("the broker[127.0.0.1] sending transaction message is forbidden");
        assertThat(listener.executed).hasValue(0);
        Long after = cluster.onBroker("broker-r", b -> b.store().getMaxPhyOffset());
        assertThat(after).isEqualTo(before);
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
    void anEndTransactionNamingNoHalfMessageIsRefusedWithTheReason() throws Exception {
        TransactionMQProducer producer = transactionProducer("TxEndProducers", "tx-end", new ScriptedListener());
        EndTransactionRequestHeader header = new EndTransactionRequestHeader();
        header.setProducerGroup("TxEndProducers");
        header.setTranStateTableOffset(123_456L);
        header.setCommitLogOffset(0L);
        header.setCommitOrRollback(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        header.setFromTransactionCheck(false);
        header.setMsgId("7F00000100002A9F0000000000000000");
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.END_TRANSACTION, header);

        RemotingCommand response = producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl()
                .getRemotingClient().invokeSync(cluster.brokerAddr("broker-a"), request, 5_000);

        assertThat(response.getCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.getRemark()).contains("Find prepared transaction message failed", "tranStateTableOffset 123456");
    }
}
