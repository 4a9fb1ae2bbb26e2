package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.petrel.acl.AclCredentials;
import io.petrel.client.ClientConfig;
import io.petrel.client.ProducerConfig;
import io.petrel.real.client.BlockingProducer;
import io.petrel.real.client.PetrelClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.PlainAccessConfig;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 clients, signing with the official {@code AclClientRPCHook}, against a Petrel
 * broker with aclEnable=true on real nodes (issue 22): signed sends, pulls and a push consumer work
 * within the account's permissions; an unsigned request, an unknown access key, a wrong secret, a
 * topic or group without permission and an admin request from a non-admin account are each refused
 * with SYSTEM_ERROR and a remark naming the reason; an account's white address and a global white
 * address pass unsigned; the official admin edits accounts and the global white list (requests
 * 50–53); Petrel's own client signs too. One cluster for the class.
 */
@Tag("official-client")
class AclCompatibilityTest {

    private static final String BROKER = "broker-a";
    private static final String TOPIC = "AclOrders";
    private static final String SECRET_TOPIC = "AclSecret";
    private static final SessionCredentials ADMIN = new SessionCredentials("adminKey", "admin-secret-1");
    private static final SessionCredentials USER = new SessionCredentials("userKey", "user-secret-1");

    static final String RULES = """
            # Test accounts only.
            globalWhiteRemoteAddresses:
            accounts:
              - accessKey: adminKey
                secretKey: admin-secret-1
                admin: true
              - accessKey: userKey
                secretKey: user-secret-1
                defaultTopicPerm: DENY
                defaultGroupPerm: SUB
                topicPerms:
                  - AclOrders=PUB|SUB
                groupPerms:
                  - AclDenied=DENY
              - accessKey: whiteKey
                secretKey: white-secret-1
                whiteRemoteAddress: 127.0.0.1
            """;

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static final List<Runnable> CLOSE = new CopyOnWriteArrayList<>();
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/plain_acl.yml"), RULES);
        cluster = new RealCluster(dir).addBroker(BROKER, Map.of("aclEnable", "true", "autoCreateTopicEnable", "false"));
        DefaultMQAdminExt admin = admin(ADMIN);
        admin.createAndUpdateTopicConfig(cluster.brokerAddr(BROKER), new TopicConfig(TOPIC, 2, 2, 6));
        admin.createAndUpdateTopicConfig(cluster.brokerAddr(BROKER), new TopicConfig(SECRET_TOPIC, 1, 1, 6));
    }

    @AfterAll
    static void stop() {
        CLOSE.forEach(Runnable::run);
        cluster.close();
    }

    private static String unique(String prefix) {
        // Clients of one instance name share one hook in the official client, so each gets its own.
        return prefix + "-" + INSTANCES.incrementAndGet();
    }

    private static RPCHook hook(SessionCredentials c) {
        return c == null ? null : new AclClientRPCHook(c);
    }

    private static DefaultMQAdminExt admin(SessionCredentials c) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(hook(c));
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName(unique("acl-admin"));
        admin.start();
        CLOSE.add(admin::shutdown);
        return admin;
    }

    private static DefaultMQProducer producer(SessionCredentials c) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer("AclProducers", hook(c));
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName(unique("acl-producer"));
        p.setRetryTimesWhenSendFailed(0);
        p.start();
        CLOSE.add(p::shutdown);
        return p;
    }

    private static DefaultMQPullConsumer puller(String group, SessionCredentials c) throws Exception {
        DefaultMQPullConsumer p = new DefaultMQPullConsumer(group, hook(c));
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName(unique("acl-puller"));
        p.start();
        CLOSE.add(p::shutdown);
        return p;
    }

    private static Message message(String topic, String body) {
        return new Message(topic, "T", body.getBytes(StandardCharsets.UTF_8));
    }

    private static Throwable refusedSend(SessionCredentials c, String topic) throws Exception {
        DefaultMQProducer p = producer(c);
        return catchThrowable(() -> p.send(message(topic, "refused")));
    }

    @Test
    @Compat(value = "ACL: a producer signed by AclClientRPCHook sends within its permissions", kind = Compat.Kind.CLIENT)
    void aSignedProducerSendsWithinItsPermissions() throws Exception {
        assertThat(producer(USER).send(message(TOPIC, "signed")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        Properties config = admin(ADMIN).getBrokerConfig(cluster.brokerAddr(BROKER));
        assertThat(config.toString()).as("getBrokerConfig shows no secret").doesNotContain("secret-1");
        assertThat(config.getProperty("aclEnable")).isEqualTo("true");
    }

    @Test
    @Compat(value = "ACL: unsigned, unknown access key and wrong secret refused, naming the reason", kind = Compat.Kind.CLIENT)
    void unsignedUnknownAndForgedSendsAreRefusedNamingTheReason() throws Exception {
        assertThat(refusedSend(null, TOPIC)).hasStackTraceContaining("CODE: 1")
                .hasStackTraceContaining("AclException: No accessKey is configured");
        assertThat(refusedSend(new SessionCredentials("ghostKey", "ghost-secret-1"), TOPIC))
                .hasStackTraceContaining("AclException: No acl config for ghostKey");
        Throwable forged = refusedSend(new SessionCredentials("userKey", "not-the-secret"), TOPIC);
        assertThat(forged).hasStackTraceContaining("AclException: Check signature failed for accessKey=userKey");
        assertThat(stackTrace(forged)).doesNotContain("user-secret-1").doesNotContain("not-the-secret");
    }

    @Test
    @Compat(value = "ACL: a send to a topic without PUB refused, nothing stored", kind = Compat.Kind.CLIENT)
    void aTopicWithoutPermissionIsRefused() throws Exception {
        long before = cluster.<Long>onBroker(BROKER, b -> b.store().getMaxPhyOffset());
        assertThat(refusedSend(USER, SECRET_TOPIC))
                .hasStackTraceContaining("No permission for topic AclSecret: accessKey=userKey holds DENY");
        assertThat(cluster.<Long>onBroker(BROKER, b -> b.store().getMaxPhyOffset())).isEqualTo(before);
    }

    @Test
    @Compat(value = "ACL: admin createAndUpdateTopicConfig by an admin account; a non-admin refused", kind = Compat.Kind.CLIENT)
    void anAdminAccountCreatesTopicsAndAUserAccountIsRefused() throws Exception {
        admin(ADMIN).createAndUpdateTopicConfig(cluster.brokerAddr(BROKER), new TopicConfig("AclByAdmin", 1, 1, 6));
        assertThat(cluster.<Boolean>onBroker(BROKER, b -> b.topics().contains("AclByAdmin"))).isTrue();

        Throwable byUser = catchThrowable(() -> admin(USER).createAndUpdateTopicConfig(cluster.brokerAddr(BROKER),
                new TopicConfig("AclByUser", 1, 1, 6)));
        assertThat(byUser).isInstanceOf(MQClientException.class)
                .hasMessageContaining("Need admin permission for request code=17, but accessKey=userKey is not");
        assertThat(((MQClientException) byUser).getResponseCode()).isEqualTo(1);
        assertThat(cluster.<Boolean>onBroker(BROKER, b -> b.topics().contains("AclByUser"))).isFalse();
    }

    @Test
    @Compat(value = "ACL: signed pull; a denied group or topic refused", kind = Compat.Kind.CLIENT)
    void aSignedPullReadsAndADeniedGroupOrTopicIsRefused() throws Exception {
        producer(USER).send(message(TOPIC, "to-pull"));
        DefaultMQPullConsumer readers = puller("AclReaders", USER);
        long found = 0;
        for (MessageQueue mq : readers.fetchSubscribeMessageQueues(TOPIC)) {
            PullResult r = readers.pull(mq, "*", 0, 32);
            if (r.getPullStatus() == PullStatus.FOUND) {
                found += r.getMsgFoundList().size();
            }
        }
        assertThat(found).isPositive();

        MessageQueue mq = readers.fetchSubscribeMessageQueues(TOPIC).iterator().next();
        assertThat(catchThrowable(() -> puller("AclDenied", USER).pull(mq, "*", 0, 32)))
                .isInstanceOf(MQBrokerException.class).hasMessageContaining("No permission for group AclDenied");
        MessageQueue secret = new MessageQueue(SECRET_TOPIC, BROKER, 0);
        assertThat(catchThrowable(() -> readers.pull(secret, "*", 0, 32)))
                .isInstanceOf(MQBrokerException.class).hasMessageContaining("No permission for topic AclSecret");
        assertThat(catchThrowable(() -> puller("AclUnsigned", null).pull(mq, "*", 0, 32)))
                .isInstanceOf(MQBrokerException.class).hasMessageContaining("No accessKey is configured");
    }

    @Test
    @Compat(value = "ACL: a signed push consumer consumes", kind = Compat.Kind.CLIENT)
    void aSignedPushConsumerConsumes() throws Exception {
        String body = "pushed-" + System.nanoTime();
        producer(USER).send(message(TOPIC, body));
        List<String> received = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("AclPushers", hook(USER), new AllocateMessageQueueAveragely());
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(unique("acl-push"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> received.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        CLOSE.add(consumer::shutdown);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.contains(body));
    }

    @Test
    @Compat(value = "ACL: an account's whiteRemoteAddress passes without a valid signature", kind = Compat.Kind.CLIENT)
    void anAccountsWhiteAddressPassesWithoutAValidSignature() throws Exception {
        SessionCredentials wrongSecret = new SessionCredentials("whiteKey", "not-the-secret");
        assertThat(producer(wrongSecret).send(message(SECRET_TOPIC, "white")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    @Test
    @Compat(value = "ACL: admin createAndUpdatePlainAccessConfig, deletePlainAccessConfig,"
            + " examineBrokerClusterAclVersionInfo, updateGlobalWhiteAddrConfig", kind = Compat.Kind.CLIENT)
    void theOfficialAdminEditsAccountsAndTheGlobalWhiteList() throws Exception {
        String addr = cluster.brokerAddr(BROKER);
        DefaultMQAdminExt admin = admin(ADMIN);
        PlainAccessConfig account = new PlainAccessConfig();
        account.setAccessKey("tempKey1");
        account.setSecretKey("temp-secret-1");
        account.setDefaultTopicPerm("PUB");
        account.setDefaultGroupPerm("SUB");
        Throwable byUser = catchThrowable(() -> admin(USER).createAndUpdatePlainAccessConfig(addr, account));
        assertThat(byUser).isInstanceOf(MQClientException.class).hasMessageContaining("Need admin permission for request code=50");

        admin.createAndUpdatePlainAccessConfig(addr, account);
        SessionCredentials temp = new SessionCredentials("tempKey1", "temp-secret-1");
        assertThat(producer(temp).send(message(SECRET_TOPIC, "temp")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(Files.readString(dir.resolve("conf/plain_acl.yml"))).contains("tempKey1");
        assertThat(admin.examineBrokerClusterAclVersionInfo(addr).getAllAclConfigDataVersion().values())
                .anyMatch(v -> v.getCounter().get() >= 1);

        admin.deletePlainAccessConfig(addr, "tempKey1");
        assertThat(refusedSend(temp, SECRET_TOPIC)).hasStackTraceContaining("No acl config for tempKey1");

        admin.updateGlobalWhiteAddrConfig(addr, "127.0.0.1");
        try {
            assertThat(producer(null).send(message(SECRET_TOPIC, "unsigned")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        } finally {
            admin.updateGlobalWhiteAddrConfig(addr, "");
        }
        assertThat(refusedSend(null, TOPIC)).hasStackTraceContaining("No accessKey is configured");
    }

    @Test
    void petrelsOwnClientSignsWithItsCredentials() {
        PetrelClient signed = PetrelClient.start(ClientConfig.of(cluster.namesrvAddr(), "127.0.0.1", unique("petrel-acl"))
                .withCredentials(new AclCredentials("userKey", "user-secret-1")), dir.resolve("offsets"));
        CLOSE.add(signed::close);
        BlockingProducer p = signed.producer(ProducerConfig.of("PetrelAclProducers"));
        assertThat(p.send(new io.petrel.client.Message(TOPIC, "petrel".getBytes(StandardCharsets.UTF_8))).sendStatus())
                .hasToString("SEND_OK");

        PetrelClient unsigned = PetrelClient.start(ClientConfig.of(cluster.namesrvAddr(), "127.0.0.1", unique("petrel-open")),
                dir.resolve("offsets"));
        CLOSE.add(unsigned::close);
        BlockingProducer open = unsigned.producer(ProducerConfig.of("PetrelOpenProducers"));
        assertThat(catchThrowable(() -> open.send(new io.petrel.client.Message(TOPIC, "x".getBytes(StandardCharsets.UTF_8)))))
                .hasStackTraceContaining("No accessKey is configured");
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
