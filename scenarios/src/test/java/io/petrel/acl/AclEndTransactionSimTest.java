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
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.TransactionHeaders.EndTransactionRequestHeader;
import io.petrel.sim.SimNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * END_TRANSACTION under ACL. It names no topic, and RocketMQ 4.9 checks nothing for it, so any
 * signed account could commit or roll back another producer's transaction. Petrel asks of its sender
 * what a send to the half message's real topic asks: PUB there.
 */
class AclEndTransactionSimTest {

    private static final String BROKER = "broker-a";
    private static final String FILE = "/home/petrel/conf/plain_acl.yml";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void anEndNeedsPublishOnTheHalfMessagesRealTopic() {
        f = BrokerFixture.start(2122, Map.of("aclEnable", "true", "autoCreateTopicEnable", "false"), BROKER);
        writeAclFile(AclSimTest.RULES);
        for (String topic : new String[] {"Orders", "Audit"}) {
            assertThat(call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                    new CreateTopicRequestHeader(topic, "TBW102", 1, 1, 6, "SINGLE_TAG", 0, false)), AclSimTest.ADMIN)
                    .code()).isEqualTo(ResponseCode.SUCCESS);
        }
        // The user account may publish to Orders only (RULES): it ends its own transaction there ...
        RemotingCommand own = sendHalf("Orders", AclSimTest.USER);
        assertThat(call(end(own, MessageSysFlag.TRANSACTION_COMMIT_TYPE), AclSimTest.USER).code())
                .isEqualTo(ResponseCode.SUCCESS);
        assertThat(visible("Orders")).isEqualTo(1);
        // ... but neither commits nor rolls back the admin's transaction on Audit.
        RemotingCommand admins = sendHalf("Audit", AclSimTest.ADMIN);
        for (int type : new int[] {MessageSysFlag.TRANSACTION_COMMIT_TYPE, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE}) {
            RemotingCommand refused = call(end(admins, type), AclSimTest.USER);
            assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(refused.remark()).startsWith("AclException").contains("No permission for topic Audit");
        }
        assertThat(visible("Audit")).as("the refused commit made nothing visible").isZero();
        assertThat(call(end(admins, MessageSysFlag.TRANSACTION_COMMIT_TYPE), AclSimTest.ADMIN).code())
                .as("still pending: its producer commits it").isEqualTo(ResponseCode.SUCCESS);
        assertThat(visible("Audit")).isEqualTo(1);
        // An END naming no half message cannot be checked, so it is refused under ACL.
        RemotingCommand nowhere = RemotingCommand.request(RequestCode.END_TRANSACTION, new EndTransactionRequestHeader("PG",
                0L, 1L << 40, MessageSysFlag.TRANSACTION_COMMIT_TYPE, false, "00", null, BROKER));
        RemotingCommand unknown = call(nowhere, AclSimTest.ADMIN);
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

    private RemotingCommand call(RemotingCommand request, AclCredentials credentials) {
        AclSigner.sign(request, credentials);
        return f.call(BROKER, request);
    }

    private void writeAclFile(String yaml) {
        SimNode node = f.cluster().broker(BROKER);
        node.env().scheduler().execute(() -> {
            Disk disk = node.env().disk();
            byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
            DiskFile file = disk.create(FILE, bytes.length);
            file.write(0, ByteBuffer.wrap(bytes));
            file.close();
        });
        f.sim().runFor(PlainAccessControl.WATCH_INTERVAL_MS + 1_000);
    }
}
