package io.petrel.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.message.MessageId;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.env.Disk;
import io.petrel.env.DiskFile;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AclHeaders.CreateAccessConfigRequestHeader;
import io.petrel.remoting.header.AclHeaders.DeleteAccessConfigRequestHeader;
import io.petrel.remoting.header.AclHeaders.GetBrokerAclConfigResponseHeader;
import io.petrel.remoting.header.AclHeaders.UpdateGlobalWhiteAddrsConfigRequestHeader;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.TransactionHeaders.EndTransactionRequestHeader;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker with aclEnable=true in simulation: with no ACL file every request is refused; the file
 * written later is picked up by the 5 s watch without a restart; a bad file is refused whole, logged,
 * and the old rules stay; a refused request changes nothing; the ACL admin requests 50–53 edit the
 * file (only from an admin account), answering once the file is durable, so an edit survives a power loss.
 */
class AclSimTest {

    private static final String BROKER = "broker-a";
    private static final String FILE = "/home/petrel/conf/plain_acl.yml";
    static final AclCredentials ADMIN = new AclCredentials("adminKey", "admin-secret-1");
    static final AclCredentials USER = new AclCredentials("userKey", "user-secret-1");

    static final String RULES = """
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
                  - Orders=PUB|SUB
            """;

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private SimNode brokerNode() {
        return f.cluster().broker(BROKER);
    }

    private void writeAclFile(String yaml) {
        writeAclFileNow(yaml);
        f.sim().runFor(PlainAccessControl.WATCH_INTERVAL_MS + 1_000);
    }

    /** Writes the file and lets only a moment pass: the 5 s watch has not seen it yet. */
    private void writeAclFileNow(String yaml) {
        SimNode node = brokerNode();
        node.env().scheduler().execute(() -> {
            Disk disk = node.env().disk();
            if (disk.exists(FILE)) {
                disk.delete(FILE);
            }
            byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
            DiskFile file = disk.create(FILE, bytes.length);
            file.write(0, ByteBuffer.wrap(bytes));
            file.close();
        });
        f.sim().runFor(1);
    }

    private String readAclFile() {
        Disk disk = brokerNode().disk();
        DiskFile file = disk.open(FILE);
        ByteBuffer b = ByteBuffer.allocate((int) file.size());
        file.read(0, b);
        file.close();
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    private RemotingCommand call(RemotingCommand request, AclCredentials credentials) {
        if (credentials != null) {
            AclSigner.sign(request, credentials);
        }
        return f.call(BROKER, request);
    }

    private static RemotingCommand createTopic(String topic) {
        return RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader(topic, "TBW102", 1, 1, 6, "SINGLE_TAG", 0, false));
    }

    private static RemotingCommand send(String topic) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2("PG", topic, "TBW102",
                1, 0, 0, 1_700_000_000_000L, 0, "", 0, false, null, false, BROKER))
                .body("hello".getBytes(StandardCharsets.UTF_8));
    }

    private void start() {
        f = BrokerFixture.start(2201, Map.of("aclEnable", "true", "autoCreateTopicEnable", "false"), BROKER);
    }

    @Test
    void withoutAFileEveryRequestIsRefusedUntilOneIsWritten() {
        start();
        RemotingCommand unsigned = call(createTopic("Orders"), null);
        assertThat(unsigned.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(unsigned.remark()).startsWith("AclException: No accessKey is configured");
        assertThat(call(createTopic("Orders"), ADMIN).remark()).isEqualTo("AclException: No acl config for adminKey");
        assertThat(f.broker(BROKER).topics().contains("Orders")).isFalse();
        assertThat(f.sim().log().recent()).anyMatch(l -> l.contains("ERROR") && l.contains("no ACL file at " + FILE));

        writeAclFile(RULES);

        assertThat(call(createTopic("Orders"), ADMIN).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(call(send("Orders"), USER).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void aRefusedRequestChangesNothing() {
        start();
        writeAclFile(RULES);
        assertThat(call(createTopic("Orders"), ADMIN).code()).isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand byUser = call(createTopic("Payments"), USER);
        assertThat(byUser.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(byUser.remark()).contains("Need admin permission for request code=17").contains("accessKey=userKey");
        assertThat(f.broker(BROKER).topics().contains("Payments")).isFalse();

        call(createTopic("Payments"), ADMIN);
        long before = f.broker(BROKER).store().getMaxPhyOffset();
        RemotingCommand denied = call(send("Payments"), USER);
        assertThat(denied.remark()).contains("No permission for topic Payments");
        assertThat(f.broker(BROKER).store().getMaxPhyOffset()).isEqualTo(before);
        assertThat(f.sim().log().recent()).noneMatch(l -> l.contains("user-secret-1") || l.contains("admin-secret-1"));
    }

    @Test
    void aBadFileIsRefusedWholeAndTheOldRulesStay() {
        start();
        writeAclFile(RULES);
        assertThat(call(createTopic("Orders"), ADMIN).code()).isEqualTo(ResponseCode.SUCCESS);

        // The admin loses admin and the user gains it, but the second account's secret is too short.
        writeAclFile("""
                accounts:
                  - accessKey: adminKey
                    secretKey: admin-secret-1
                    admin: false
                  - accessKey: userKey
                    secretKey: short
                    admin: true
                """);

        assertThat(f.sim().log().recent()).anyMatch(l -> l.contains("ERROR") && l.contains("ACL file " + FILE
                + " refused, its previous rules stay: the secretKey of account userKey must be longer than 6"));
        assertThat(f.sim().log().recent()).noneMatch(l -> l.contains("short"));
        assertThat(call(createTopic("Kept"), ADMIN).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(call(send("Orders"), USER).code()).isEqualTo(ResponseCode.SUCCESS);

        writeAclFile(RULES.replace("admin: true", "admin: false"));
        assertThat(call(createTopic("Later"), ADMIN).remark()).contains("Need admin permission");
    }

    @Test
    void adminRequestsEditTheFileAndOnlyAnAdminMaySendThem() {
        start();
        writeAclFile(RULES);
        RemotingCommand create = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                new CreateAccessConfigRequestHeader("newKey1", "new-secret-1", null, false, "PUB", "SUB", "Orders=DENY", null));
        RemotingCommand byUser = call(create, USER);
        assertThat(byUser.remark()).contains("Need admin permission for request code=50");
        assertThat(readAclFile()).doesNotContain("newKey1");

        RemotingCommand byAdmin = call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                new CreateAccessConfigRequestHeader("newKey1", "new-secret-1", null, false, "PUB", "SUB", "Orders=DENY", null)),
                ADMIN);
        assertThat(byAdmin.code()).as(byAdmin.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(readAclFile()).contains("newKey1").contains("Orders=DENY");
        AclCredentials newKey = new AclCredentials("newKey1", "new-secret-1");
        call(createTopic("Other"), ADMIN);
        assertThat(call(send("Other"), newKey).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(call(send("Orders"), newKey).remark()).contains("No permission for topic Orders");

        RemotingCommand shortSecret = call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                new CreateAccessConfigRequestHeader("newKey2", "short", null, false, null, null, null, null)), ADMIN);
        assertThat(shortSecret.code()).isEqualTo(ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED);
        assertThat(shortSecret.remark()).doesNotContain("short").contains("secretKey of account newKey2");

        RemotingCommand info = call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, null), USER);
        assertThat(info.code()).isEqualTo(ResponseCode.SUCCESS);
        GetBrokerAclConfigResponseHeader h = info.decodeHeader(GetBrokerAclConfigResponseHeader.class);
        assertThat(h.brokerName()).isEqualTo(BROKER);
        assertThat(h.allAclFileVersion()).contains(FILE).contains("\"counter\":1");

        // SUCCESS came once the file was durable: a power loss keeps the new account.
        f.cluster().broker(BROKER).crash(CrashKind.POWER_LOSS);
        f.cluster().broker(BROKER).restart();
        f.sim().runFor(10_000);
        assertThat(call(send("Other"), newKey).code()).isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand delete = call(RemotingCommand.request(RequestCode.DELETE_ACL_CONFIG,
                new DeleteAccessConfigRequestHeader("newKey1")), ADMIN);
        assertThat(delete.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(call(send("Other"), newKey).remark()).isEqualTo("AclException: No acl config for newKey1");
        assertThat(call(RemotingCommand.request(RequestCode.DELETE_ACL_CONFIG,
                new DeleteAccessConfigRequestHeader("newKey1")), ADMIN).code()).isEqualTo(ResponseCode.DELETE_ACL_CONFIG_FAILED);
    }

    @Test
    void aGlobalWhiteAddressPassesUnsignedRequests() {
        start();
        writeAclFile(RULES);
        call(createTopic("Orders"), ADMIN);
        assertThat(call(send("Orders"), null).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        String driverHost = f.driver().host();
        RemotingCommand white = call(RemotingCommand.request(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
                new UpdateGlobalWhiteAddrsConfigRequestHeader(driverHost, null)), ADMIN);
        assertThat(white.code()).as(white.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(call(send("Orders"), null).code()).isEqualTo(ResponseCode.SUCCESS);
        SimNode other = f.addDriver();
        assertThat(f.call(other, BROKER, send("Orders")).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(call(RemotingCommand.request(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
                new UpdateGlobalWhiteAddrsConfigRequestHeader("10.0.300.1", null)), ADMIN).code())
                .isEqualTo(ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED);
    }

    @Test
    void aFloodOfRefusedRequestsLogsABoundedNumberOfLines() {
        start();
        writeAclFile(RULES);
        for (int i = 0; i < RefusalLog.LINES_PER_WINDOW + 50; i++) {
            f.call(BROKER, send("Orders"));
        }
        f.sim().runFor(RefusalLog.WINDOW_MS);
        f.call(BROKER, send("Orders"));
        List<String> lines = f.sim().log().recent();
        assertThat(lines.stream().filter(l -> l.contains("ACL refused SEND_MESSAGE_V2")).count())
                .isLessThanOrEqualTo(RefusalLog.LINES_PER_WINDOW + 1);
        assertThat(lines).anyMatch(l -> l.contains("ACL refused 50 more requests in the last 60000 ms"));
    }

    @Test
    void anAdminEditNeitherOverwritesARefusedFileNorAnEditTheWatchHasNotSeenYet() {
        start();
        writeAclFile(RULES);
        String bad = RULES + "  - accessKey: brokenKey\n    secretKey: short\n";
        writeAclFile(bad);
        RemotingCommand update = call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                new CreateAccessConfigRequestHeader("newKey1", "new-secret-1", null, false, "PUB", null, null, null)), ADMIN);
        assertThat(update.code()).isEqualTo(ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED);
        assertThat(update.remark()).contains("holds an edit the broker refused");
        assertThat(readAclFile()).isEqualTo(bad);

        String operatorsEdit = RULES + "  - accessKey: opsKey01\n    secretKey: ops-secret-01\n    defaultTopicPerm: PUB\n";
        writeAclFileNow(operatorsEdit);
        RemotingCommand again = call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                new CreateAccessConfigRequestHeader("newKey1", "new-secret-1", null, false, "PUB", null, null, null)), ADMIN);
        assertThat(again.code()).as(again.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(readAclFile()).contains("opsKey01", "newKey1");
    }

    @Test
    void anAclRunIsDeterministic() {
        long[] hashes = new long[2];
        for (int run = 0; run < 2; run++) {
            start();
            writeAclFile(RULES);
            call(createTopic("Orders"), ADMIN);
            call(send("Orders"), USER);
            call(send("Orders"), null);
            call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                    new CreateAccessConfigRequestHeader("newKey1", "new-secret-1", null, false, "PUB", null, null, null)), ADMIN);
            f.sim().runFor(20_000);
            hashes[run] = f.sim().trace().value();
            f.close();
            f = null;
        }
        assertThat(hashes[1]).isEqualTo(hashes[0]);
    }

    /**
     * END_TRANSACTION names no topic, and RocketMQ 4.9 checks nothing for it, so any signed account
     * could commit or roll back another producer's transaction. Petrel asks of its sender what a send
     * to the half message's real topic asks: PUB there.
     */
    @Test
    void anEndNeedsPublishOnTheHalfMessagesRealTopic() {
        start();
        writeAclFile(RULES);
        for (String topic : new String[] {"Orders", "Audit"}) {
            assertThat(call(createTopic(topic), ADMIN).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        // The user account may publish to Orders only (RULES): it ends its own transaction there ...
        RemotingCommand own = sendHalf("Orders", USER);
        assertThat(call(end(own, MessageSysFlag.TRANSACTION_COMMIT_TYPE), USER).code())
                .isEqualTo(ResponseCode.SUCCESS);
        assertThat(visible("Orders")).isEqualTo(1);
        // ... but neither commits nor rolls back the admin's transaction on Audit.
        RemotingCommand admins = sendHalf("Audit", ADMIN);
        for (int type : new int[] {MessageSysFlag.TRANSACTION_COMMIT_TYPE, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE}) {
            RemotingCommand refused = call(end(admins, type), USER);
            assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(refused.remark()).startsWith("AclException").contains("No permission for topic Audit");
        }
        assertThat(visible("Audit")).as("the refused commit made nothing visible").isZero();
        assertThat(call(end(admins, MessageSysFlag.TRANSACTION_COMMIT_TYPE), ADMIN).code())
                .as("still pending: its producer commits it").isEqualTo(ResponseCode.SUCCESS);
        assertThat(visible("Audit")).isEqualTo(1);
        // An END naming no half message cannot be checked, so it is refused under ACL.
        RemotingCommand nowhere = RemotingCommand.request(RequestCode.END_TRANSACTION, new EndTransactionRequestHeader("PG",
                0L, 1L << 40, MessageSysFlag.TRANSACTION_COMMIT_TYPE, false, "00", null, BROKER));
        RemotingCommand unknown = call(nowhere, ADMIN);
        assertThat(unknown.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(unknown.remark()).contains("no readable half message at commitLogOffset " + (1L << 40));
    }

    private RemotingCommand sendHalf(String topic, AclCredentials as) {
        String properties = "TRAN_MSG\u0001true\u0002PGROUP\u0001PG\u0002";
        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2("PG",
                topic, "TBW102", 1, 0, MessageSysFlag.TRANSACTION_PREPARED_TYPE, 1_700_000_000_000L, 0, properties, 0,
                false, null, false, BROKER)).body("half".getBytes(StandardCharsets.UTF_8));
        RemotingCommand sent = call(send, as);
        assertThat(sent.code()).as("half message to %s: %s", topic, sent.remark()).isEqualTo(ResponseCode.SUCCESS);
        return sent;
    }

    private static RemotingCommand end(RemotingCommand sent, int type) {
        String msgId = sent.extField("msgId");
        long commitLogOffset = MessageId.decodeMessageId(msgId).commitLogOffset();
        return RemotingCommand.request(RequestCode.END_TRANSACTION, new EndTransactionRequestHeader("PG",
                Long.parseLong(sent.extField("queueOffset")), commitLogOffset, type, false, msgId, null, BROKER));
    }

    private long visible(String topic) {
        f.sim().runFor(1_000);
        return f.broker(BROKER).store().getMaxOffsetInQueue(topic, 0);
    }
}
