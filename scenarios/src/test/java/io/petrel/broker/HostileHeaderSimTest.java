package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.SerializeType;
import io.petrel.remoting.header.ConsumerHeaders.SearchOffsetRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Headers the frame fuzzer reported as accepted though a required field was missing or not a number
 * (issue 23, seed 2300). The broker refused both all along, as RocketMQ 4.9.8 does (SYSTEM_ERROR: its
 * V2 decoder throws "the custom field <f> is null"; its general decoder leaves a bad Long null and the
 * processor then fails on it): the SUCCESS the fuzzer saw was the answer to an earlier bit-flipped frame
 * whose opaque had become the later frame's. These pin the refusals, in both serializations.
 */
class HostileHeaderSimTest {

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    /** Seed 2300, frame 1358: a SEND_MESSAGE_V2 without 'f' (sysFlag) is refused and stores nothing. */
    @ParameterizedTest
    @EnumSource(value = SerializeType.class, names = {"JSON", "ROCKETMQ"})
    void aSendV2WithoutItsSysFlagIsRefusedNamingIt(SerializeType serializeType) {
        f = BrokerFixture.start(2310, Map.of(), "broker-a");
        long endBefore = f.broker("broker-a").store().getMaxPhyOffset();
        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2(
                "PG", "TopicTest", "TBW102", 4, 0, 0, 1_700_000_000_000L, 0, "", 0, false, null, false, "broker-a"))
                .body("m".getBytes(StandardCharsets.UTF_8));
        Map<String, String> ext = new LinkedHashMap<>(send.extFields());
        ext.remove("f");
        send.extFields(ext);
        send.serializeType(serializeType);
        RemotingCommand r = f.call("broker-a", send);
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(r.remark()).contains("'f'");
        assertThat(f.broker("broker-a").store().getMaxPhyOffset()).isEqualTo(endBefore);
    }

    /** Seed 2300, frame 21901: a timestamp that is not a number is refused, naming it. */
    @ParameterizedTest
    @EnumSource(value = SerializeType.class, names = {"JSON", "ROCKETMQ"})
    void aSearchByTimestampThatIsNotANumberIsRefusedNamingIt(SerializeType serializeType) {
        f = BrokerFixture.start(2311, Map.of(), "broker-a");
        for (String bad : new String[] {"bad topic!", "../../etc/passwd", "%RETRY%", "\u4e2d\u6587", "null", " ", "a\u0000b"}) {
            RemotingCommand search = RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                    new SearchOffsetRequestHeader("TopicTest", 0, 1L, "broker-a"));
            Map<String, String> ext = new LinkedHashMap<>(search.extFields());
            ext.put("timestamp", bad);
            search.extFields(ext);
            search.serializeType(serializeType);
            RemotingCommand r = f.call("broker-a", search);
            assertThat(r.code()).as("timestamp '%s': %s", bad, r.remark()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(r.remark()).contains("timestamp");
        }
    }
}
