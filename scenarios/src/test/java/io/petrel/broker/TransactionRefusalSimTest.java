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
import io.petrel.scenarios.cluster.ProtocolDriver;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Transactional half messages on every send path (SEND_MESSAGE, SEND_MESSAGE_V2, SEND_BATCH_MESSAGE),
 * flagged by property or by sysFlag, are refused NO_PERMISSION with nothing stored; a oneway
 * END_TRANSACTION is logged at WARN, never dropped silently.
 */
class TransactionRefusalSimTest {

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

    private static String properties(boolean transactional) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TAGS", "T");
        if (transactional) {
            p.put("TRAN_MSG", "true");
            p.put("PGROUP", "PG");
        }
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

    private void assertRefusedAndNothingStored(RemotingCommand request, String remark) {
        long commitLogEnd = f.broker(BROKER).store().getMaxPhyOffset();
        RemotingCommand r = f.call(BROKER, request);
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(r.remark()).contains(remark);
        assertThat(f.maxOffset(BROKER, TOPIC, 0)).isZero();
        assertThat(f.broker(BROKER).store().getMaxPhyOffset()).isEqualTo(commitLogEnd);
    }

    @Test
    void halfMessagesAreRefusedOnEverySendPathWithNothingStored() {
        start(Map.of());
        String remark = "does not support transactional messages";
        int prepared = MessageSysFlag.TRANSACTION_PREPARED_TYPE;
        assertRefusedAndNothingStored(v1(prepared, properties(true)), remark);
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, prepared, properties(true),
                "half".getBytes(StandardCharsets.UTF_8)), remark);
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, 0, properties(true),
                "half".getBytes(StandardCharsets.UTF_8)), remark);
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, prepared, properties(false),
                "half".getBytes(StandardCharsets.UTF_8)), remark);
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE,
                properties(false), "half".getBytes(StandardCharsets.UTF_8)), remark);
        byte[] batch = bytes(BatchBodyFormat.encode(List.of(
                new BatchBodyFormat.Entry(0, "plain".getBytes(StandardCharsets.UTF_8), properties(false)),
                new BatchBodyFormat.Entry(0, "half".getBytes(StandardCharsets.UTF_8), properties(true)))));
        assertRefusedAndNothingStored(v2(RequestCode.SEND_BATCH_MESSAGE, 0, properties(false), batch), remark);
        assertThat(f.call(BROKER, v2(RequestCode.SEND_MESSAGE_V2, 0, properties(false),
                "plain".getBytes(StandardCharsets.UTF_8))).code()).as("a plain message still goes through")
                .isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void rejectTransactionMessageRefusesWithRocketMqsRemark() {
        start(Map.of("rejectTransactionMessage", "true"));
        assertRefusedAndNothingStored(v2(RequestCode.SEND_MESSAGE_V2, MessageSysFlag.TRANSACTION_PREPARED_TYPE,
                properties(true), "half".getBytes(StandardCharsets.UTF_8)), "sending transaction message is forbidden");
    }

    @Test
    void aOnewayEndTransactionIsLoggedAtWarn() {
        start(Map.of());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("producerGroup", "PG");
        fields.put("tranStateTableOffset", "0");
        fields.put("commitLogOffset", "0");
        fields.put("commitOrRollback", String.valueOf(MessageSysFlag.TRANSACTION_COMMIT_TYPE));
        fields.put("fromTransactionCheck", "false");
        fields.put("msgId", "0A00020100002A9F0000000000000000");
        fields.put("transactionId", "tx-1");
        RemotingCommand end = RemotingCommand.request(RequestCode.END_TRANSACTION, null).extFields(fields);
        f.driver().nodeAs(ProtocolDriver.class).client().invokeOneway(f.address(BROKER), end);
        f.sim().runFor(1_000);
        assertThat(f.sim().log().recent()).anySatisfy(line -> assertThat(line).contains("WARN",
                "ignored END_TRANSACTION (commit)", "producer group PG", "transactionId tx-1"));
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
