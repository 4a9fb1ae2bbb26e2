package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 {@code mqadmin}'s ACL commands run as processes, signed with the admin account
 * of their installation's conf/tools.yml, against a Petrel broker with aclEnable=true: each edits
 * the broker's plain_acl.yml and the rules it enforces at once, and says so. updateGlobalWhiteAddr
 * runs beside the account commands (the broker applies one edit of its files at a time).
 */
@Tag("process")
@Tag("official-client")
class OfficialMqadminAclCommandsTest {

    private static final String BROKER = "broker-a";
    private static final String TOPIC = "AclOrders";

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static OfficialMqadmin mqadmin;
    private static String ns;
    private static String addr;
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor();
    private static Future<OfficialMqadmin.Run> whiteAddr;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/plain_acl.yml"), AclCompatibilityTest.RULES);
        cluster = new RealCluster(dir).addBroker(BROKER, Map.of("aclEnable", "true", "autoCreateTopicEnable", "false"));
        ns = cluster.namesrvAddr();
        addr = cluster.brokerAddr(BROKER);
        Path home = Files.createDirectories(dir.resolve("mqadmin-home/conf")).getParent();
        Files.writeString(home.resolve("conf/tools.yml"), "accessKey: adminKey\nsecretKey: admin-secret-1\n");
        mqadmin = new OfficialMqadmin(home);
        whiteAddr = POOL.submit(() -> mqadmin.run("updateGlobalWhiteAddr", "-n", ns, "-c", "DefaultCluster", "-g", "10.97.0.*,10.96.1.1"));
        DefaultMQAdminExt admin = new DefaultMQAdminExt(new AclClientRPCHook(new SessionCredentials("adminKey", "admin-secret-1")));
        admin.setNamesrvAddr(ns);
        admin.setInstanceName(FeatureCompatibilityTest.unique("acl-commands-admin"));
        admin.start();
        try {
            admin.createAndUpdateTopicConfig(addr, new TopicConfig(TOPIC, 1, 1, 6));
        } finally {
            admin.shutdown();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        POOL.shutdownNow();
        POOL.awaitTermination(30, TimeUnit.SECONDS);
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String aclFile() throws Exception {
        return Files.readString(dir.resolve("conf/plain_acl.yml"));
    }

    /** A producer signed as {@code accessKey}, sending one message to AclOrders; its send status or refusal. */
    private static Object sendAs(String accessKey, String secretKey) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("AclCommandsPG",
                new AclClientRPCHook(new SessionCredentials(accessKey, secretKey)));
        producer.setNamesrvAddr(ns);
        producer.setInstanceName(FeatureCompatibilityTest.unique("acl-commands-producer"));
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        try {
            Throwable refused = catchThrowable(() -> producer.send(new Message(TOPIC, "acl".getBytes(StandardCharsets.UTF_8))));
            return refused != null ? refused : SendStatus.SEND_OK;
        } finally {
            producer.shutdown();
        }
    }

    @Test
    @Compat(value = "mqadmin updateAclConfig (against an ACL broker, signed by tools.yml)", kind = Compat.Kind.MQADMIN)
    @Compat(value = "mqadmin deleteAclConfig (against an ACL broker, signed by tools.yml)", kind = Compat.Kind.MQADMIN)
    void updateAclConfigAddsAnAccountThatWorksAndDeleteAclConfigRemovesIt() throws Exception {
        String updated = mqadmin.ok("updateAclConfig", "-n", ns, "-b", addr, "-a", "opsKey02", "-s", "ops-secret-02",
                "-t", TOPIC + "=PUB", "-i", "DENY", "-u", "SUB");
        assertThat(updated).contains("create or update plain access config to " + addr + " success.").doesNotContain("Exception");
        assertThat(aclFile()).contains("opsKey02", TOPIC + "=PUB");
        assertThat(cluster.<Boolean>onBroker(BROKER, b -> b.acl().rules().accessKeys().contains("opsKey02"))).isTrue();
        assertThat(sendAs("opsKey02", "ops-secret-02")).as("a send signed by the new account").isEqualTo(SendStatus.SEND_OK);

        String deleted = mqadmin.ok("deleteAclConfig", "-n", ns, "-b", addr, "-a", "opsKey02");
        assertThat(deleted).contains("delete plain access config account from " + addr + " success.",
                "account's accesskey is:opsKey02").doesNotContain("Exception");
        assertThat(aclFile()).doesNotContain("opsKey02");
        assertThat(cluster.<Boolean>onBroker(BROKER, b -> b.acl().rules().accessKeys().contains("opsKey02"))).isFalse();
        assertThat(sendAs("opsKey02", "ops-secret-02")).isInstanceOf(Throwable.class).asInstanceOf(
                InstanceOfAssertFactories.THROWABLE).hasStackTraceContaining("No acl config for opsKey02");
    }

    @Test
    @Compat(value = "mqadmin updateGlobalWhiteAddr (against an ACL broker, signed by tools.yml)", kind = Compat.Kind.MQADMIN)
    void updateGlobalWhiteAddrOfTheClusterSetsTheBrokersGlobalWhiteList() throws Exception {
        OfficialMqadmin.Run run = whiteAddr.get(2, TimeUnit.MINUTES);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("update global white remote addresses to " + addr + " success.").doesNotContain("Exception");
        assertThat(aclFile()).contains("10.97.0.*", "10.96.1.1");
        assertThat(cluster.<Boolean>onBroker(BROKER, b -> b.acl().rules().globallyWhite("10.97.0.9")
                && b.acl().rules().globallyWhite("10.96.1.1") && !b.acl().rules().globallyWhite("127.0.0.1"))).isTrue();
    }
}
