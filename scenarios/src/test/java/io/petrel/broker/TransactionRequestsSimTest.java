package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.BatchBodyFormat;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.remoting.header.TransactionHeaders.EndTransactionRequestHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Transactional requests at the protocol level: a half message is stored out of its real queue and
 * answered with the half queue offset; what RocketMQ would store wrongly or silently (a half
 * message with DELAY, in a batch, without PGROUP, a transaction type in sysFlag without TRAN_MSG) is
 * refused MESSAGE_ILLEGAL naming why, with nothing stored; rejectTransactionMessage refuses with
 * RocketMQ's code and remark; an END_TRANSACTION that matches no half message is refused naming the
 * field, and logged at WARN when oneway.
 */
class TransactionRequestsSimTest {

    private static final String BROKER = "broker-a";
    private static final String TOPIC = "Tx";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private void start(Map<String, String> overrides) {
        f = BrokerFixture.start(1401, overrides, BROKER);
        f.createTopic(BROKER, TOPIC, 1);
    }

    private static String properties(boolean transactional, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TAGS", "T");
        if (transactional) {
            p.put("TRAN_MSG", "true");
            p.put("PGROUP", "PG");
        }
        p.putAll(extra);
        return MessageProperties.encode(p);
    }

    private static RemotingCommand v1(int sysFlag, String properties) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE, new SendMessageRequestHeader("PG", TOPIC, "TBW102", 4, 0,
                sysFlag, 1_700_000_000_000L, 0, properties, 0, false, null, false, BROKER))
                .body("half".getBytes(StandardCharsets.UTF_8));
    }

    private static RemotingCommand v2(int code, int sysFlag, String properties, byte[] body) {
        return RemotingCommand.request(code, new SendMessageRequestHeaderV2("PG", TOPIC, "TBW102", 4, 0, sysFlag,
                1_700_000_000_000L, 0, properties, 0, false, null, code == RequestCode.SEND_BATCH_MESSAGE, BROKER))
                .body(body);
    }

    private void assertRefusedAndNothingStored(RemotingCommand request, int code, String remark) {
        long commitLogEnd = f.broker(BROKER).store().getMaxPhyOffset();
        RemotingCommand r = f.call(BROKER, request);
        assertThat(r.code()).as(r.remark()).isEqualTo(code);
        assertThat(r.remark()).contains(remark);
        assertThat(f.maxOffset(BROKER, TOPIC, 0)).isZero();
        assertThat(f.broker(BROKER).store().getMaxPhyOffset()).isEqualTo(commitLogEnd);
    }

    @Test
    void aHalfMessageIsStoredOutOfItsQueueAndAnsweredWithItsHalfQueueOffset() {
        start(Map.of());
        for (int i = 0; i < 2; i++) {
            RemotingCommand r = f.call(BROKER, v1(MessageSysFlag.TRANSACTION_PREPARED_TYPE, properties(true, Map.of())));
            assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
            SendMessageResponseHeader h = r.decodeHeader(SendMessageResponseHeader.class);
            assertThat(h.queueId()).isZero();
            assertThat(h.queueOffset()).isEqualTo(i);
        }
        assertThat(f.maxOffset(BROKER, TOPIC, 0)).as("nothing visible before a commit").isZero();
        assertThat(f.maxOffset(BROKER, "RMQ_SYS_TRANS_HALF_TOPIC", 0)).isEqualTo(2);
        assertThat(f.broker(BROKER).transactions().pending()).as("registered as they are stored").isEqualTo(2);
        f.sim().runFor(100);
        RemotingCommand end = f.call(BROKER, RemotingCommand.request(RequestCode.END_TRANSACTION,
                new EndTransactionRequestHeader("PG", 5L, 0L, MessageSysFlag.TRANSACTION_COMMIT_TYPE, false, "m", null, null)));
        assertThat(end.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(end.remark()).contains("Find prepared transaction message failed", "tranStateTableOffset 5");
        assertThat(f.broker(BROKER).transactions().pending()).as("the refused END resolved nothing").isEqualTo(2);
    }

    @Test
    void whatRocketMqWouldStoreWronglyIsRefusedWithNothingStored() {
        start(Map.of());
        int prepared = MessageSysFlag.TRANSACTION_PREPARED_TYPE;
        byte[] half = "half".getBytes(StandardCharsets.UTF_8);
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, prepared, properties(true, Map.of("DELAY", "3")), half),
                ResponseCode.MESSAGE_ILLEGAL, "cannot carry DELAY=3");
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, prepared, properties(false, Map.of()), half),
                ResponseCode.MESSAGE_ILLEGAL, "no TRAN_MSG=true");
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE,
                properties(false, Map.of()), half), ResponseCode.MESSAGE_ILLEGAL, "no TRAN_MSG=true");
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, MessageSysFlag.TRANSACTION_COMMIT_TYPE,
                properties(true, Map.of()), half), ResponseCode.MESSAGE_ILLEGAL, "a half message is PREPARED");
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, prepared,
                MessageProperties.encode(Map.of("TRAN_MSG", "true")), half), ResponseCode.MESSAGE_ILLEGAL, "no PGROUP");
        byte[] batch = bytes(BatchBodyFormat.encode(List.of(
                new BatchBodyFormat.Entry(0, "plain".getBytes(StandardCharsets.UTF_8), properties(false, Map.of())),
                new BatchBodyFormat.Entry(0, "half".getBytes(StandardCharsets.UTF_8), properties(true, Map.of())))));
        assertRefusedAndNothingStored(v2(RequestCode.SEND_BATCH_MESSAGE, 0, properties(false, Map.of()), batch),
                ResponseCode.MESSAGE_ILLEGAL, "a batch cannot hold transactional half messages");
        assertThat(f.call(BROKER, v2(RequestCode.SEND_MESSAGE_V2, 0, properties(false, Map.of()),
                "plain".getBytes(StandardCharsets.UTF_8))).code()).as("a plain message still goes through")
                .isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void rejectTransactionMessageRefusesWithRocketMqsCodeAndRemark() {
        start(Map.of("rejectTransactionMessage", "true"));
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, MessageSysFlag.TRANSACTION_PREPARED_TYPE,
                properties(true, Map.of()), "half".getBytes(StandardCharsets.UTF_8)), ResponseCode.NO_PERMISSION,
                "sending transaction message is forbidden");
    }

    @Test
    void aBadEndTransactionIsRefusedNamingTheFieldAndLoggedAtWarnWhenOneway() {
        start(Map.of());
        RemotingCommand bad = f.call(BROKER, RemotingCommand.request(RequestCode.END_TRANSACTION,
                new EndTransactionRequestHeader("PG", 0L, 0L, 5, false, "m", null, null)));
        assertThat(bad.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(bad.remark()).contains("commitOrRollback 5");
        RemotingCommand unknown = f.call(BROKER, RemotingCommand.request(RequestCode.END_TRANSACTION,
                new EndTransactionRequestHeader("PG", 0L, 0L, 0, true, "m", null, null)));
        assertThat(unknown.code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand end = RemotingCommand.request(RequestCode.END_TRANSACTION, new EndTransactionRequestHeader("PG",
                7L, 0L, MessageSysFlag.TRANSACTION_COMMIT_TYPE, false, "0A00020100002A9F0000000000000000", "tx-1", null));
        f.driver().nodeAs(ProtocolDriver.class).client().invokeOneway(f.address(BROKER), end);
        f.sim().runFor(1_000);
        assertThat(f.sim().log().recent()).anySatisfy(line -> assertThat(line).contains("WARN",
                "refused END_TRANSACTION", "group PG", "Find prepared transaction message failed"));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
