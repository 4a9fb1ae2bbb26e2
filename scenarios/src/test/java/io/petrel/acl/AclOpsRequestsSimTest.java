package io.petrel.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.env.Disk;
import io.petrel.env.DiskFile;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.ProgressHeaders;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.sim.SimNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operations requests of issue 21 (303, 305, 306, 308, 314, 316, 317, 321, 328, 329) on a
 * broker with ACL on: RocketMQ 4.9.8's ACL asks no topic, group or admin permission for them, only
 * a valid signature. Petrel asks the same of the read-only ones and an admin account for those that
 * change or delete state (306, 314, 316, 329). An unsigned or badly signed one is refused and
 * changes nothing.
 */
class AclOpsRequestsSimTest {

    private static final String BROKER = "broker-a";
    private static final String FILE = "/home/petrel/conf/plain_acl.yml";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
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

    private RemotingCommand call(RemotingCommand request, AclCredentials credentials) {
        if (credentials != null) {
            AclSigner.sign(request, credentials);
        }
        return f.call(BROKER, request);
    }

    private static List<Supplier<RemotingCommand>> opsRequests() {
        return List.of(
                () -> RemotingCommand.request(RequestCode.QUERY_CONSUME_TIME_SPAN,
                        new ProgressHeaders.QueryConsumeTimeSpanRequestHeader("Orders", "CG")),
                () -> RemotingCommand.request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, null),
                () -> RemotingCommand.request(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, null),
                () -> RemotingCommand.request(RequestCode.QUERY_CORRECTION_OFFSET,
                        new ProgressHeaders.QueryCorrectionOffsetHeader(null, "CG", "Orders")),
                () -> RemotingCommand.request(RequestCode.CLONE_GROUP_OFFSET,
                        new ProgressHeaders.CloneGroupOffsetRequestHeader("CG", "CG2", "Orders", true)),
                () -> RemotingCommand.request(RequestCode.CLEAN_UNUSED_TOPIC, null),
                () -> RemotingCommand.request(RequestCode.GET_BROKER_CONSUME_STATS,
                        new ProgressHeaders.GetConsumeStatsInBrokerHeader(false)),
                () -> RemotingCommand.request(RequestCode.QUERY_CONSUME_QUEUE,
                        new ProgressHeaders.QueryConsumeQueueRequestHeader("Orders", 0, 0, 1, null)),
                () -> RemotingCommand.request(RequestCode.GET_ALL_PRODUCER_INFO, null),
                () -> RemotingCommand.request(RequestCode.DELETE_EXPIRED_COMMITLOG, null));
    }

    @Test
    void readOnlyOnesNeedASignatureTheOthersAnAdminAndAnUnsignedOrBadlySignedOneIsRefused() {
        f = BrokerFixture.start(2121, Map.of("aclEnable", "true", "autoCreateTopicEnable", "false"), BROKER);
        writeAclFile(AclSimTest.RULES);
        assertThat(call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader("Orders", "TBW102", 1, 1, 6, "SINGLE_TAG", 0, false)), AclSimTest.ADMIN)
                .code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2("PG",
                "Orders", "TBW102", 1, 0, 0, 1_700_000_000_000L, 0, "", 0, false, null, false, BROKER))
                .body("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(call(send, AclSimTest.USER).code()).isEqualTo(ResponseCode.SUCCESS);
        f.broker(BROKER).offsets().commit("CG", "Orders", 0, 0);
        AclCredentials forged = new AclCredentials(AclSimTest.USER.accessKey(), "not-the-secret");
        for (Supplier<RemotingCommand> request : opsRequests()) {
            RemotingCommand unsigned = call(request.get(), null);
            assertThat(unsigned.code()).as("unsigned %s", request.get().code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(unsigned.remark()).startsWith("AclException");
            RemotingCommand bad = call(request.get(), forged);
            assertThat(bad.code()).as("badly signed %s", request.get().code()).isNotEqualTo(ResponseCode.SUCCESS);
        }
        for (Supplier<RemotingCommand> request : opsRequests()) {
            int code = request.get().code();
            RemotingCommand signed = call(request.get(), AclSimTest.USER);
            if (RequiredAccess.needsAdmin(code)) {
                assertThat(signed.code()).as("%s signed by a non-admin account", code).isNotEqualTo(ResponseCode.SUCCESS);
                assertThat(signed.remark()).contains("Need admin permission for request code=" + code);
            } else {
                assertThat(signed.code()).as("%s signed by a non-admin account: %s", code, signed.remark())
                        .isEqualTo(ResponseCode.SUCCESS);
            }
        }
        assertThat(f.broker(BROKER).offsets().offsets("CG2", "Orders")).as("a refused clone changed nothing").isEmpty();
        for (Supplier<RemotingCommand> request : opsRequests()) {
            RemotingCommand signed = call(request.get(), AclSimTest.ADMIN);
            assertThat(signed.code()).as("%s signed by an admin: %s", request.get().code(), signed.remark())
                    .isEqualTo(ResponseCode.SUCCESS);
        }
        assertThat(f.broker(BROKER).offsets().offsets("CG2", "Orders")).containsEntry(0, 0L);
    }
}
