package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.ProducerData;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageProperties;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ClientCallHeaders.ReplyMessageRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SEND_REPLY_MESSAGE_V2 in simulation: the reply is pushed to the requester named in REPLY_TO_CLIENT
 * (PUSH_REPLY_MESSAGE_TO_CLIENT with RocketMQ's header fields) and kept in the reply topic; every way
 * the push can fail answers SYSTEM_ERROR naming why and keeps nothing, and
 * {@code storeReplyMessageEnable=false} keeps no copy of a pushed reply.
 */
class ReplyMessageSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private String replyTopic() {
        return f.broker(BROKER).settings().clusterName() + "_REPLY_TOPIC";
    }

    /** A requester: a producer of group PG-requester with this client id, answering pushes with {@code code}. */
    private SimNode requester(String clientId, Integer code) {
        SimNode node = f.addDriver();
        RemotingCommand hb = RemotingCommand.request(RequestCode.HEART_BEAT, null)
                .body(Json.write(new HeartbeatData(clientId, Set.of(new ProducerData("PG-requester")), Set.of())));
        assertThat(f.call(node, BROKER, hb).code()).isEqualTo(ResponseCode.SUCCESS);
        node.nodeAs(ProtocolDriver.class).answer(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, (ch, req) -> {
            if (code != null) {
                ch.reply(req, RemotingCommand.response(code, code == ResponseCode.SUCCESS ? null : "process reply message fail"));
            }
        });
        return node;
    }

    private RemotingCommand reply(String body, String replyTo) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.PROPERTY_MESSAGE_TYPE, MessageConst.REPLY_MESSAGE_FLAG);
        props.put(MessageConst.PROPERTY_CORRELATION_ID, "corr-" + body);
        if (replyTo != null) {
            props.put(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, replyTo);
        }
        return f.call(BROKER, RemotingCommand.request(RequestCode.SEND_REPLY_MESSAGE_V2, new SendMessageRequestHeaderV2(
                "PG-replier", replyTopic(), "TBW102", 4, 0, 0, 1_700_000_000_000L, 0, MessageProperties.encode(props), 0,
                false, null, false, BROKER)).body(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aReplyIsPushedToItsRequesterAndKeptInTheReplyTopic() {
        f = BrokerFixture.start(1701, Map.of(), BROKER);
        SimNode requester = requester("10.0.0.9@requester", ResponseCode.SUCCESS);
        RemotingCommand answer = reply("pong", "10.0.0.9@requester");
        assertThat(answer.code()).as(answer.remark()).isEqualTo(ResponseCode.SUCCESS);
        SendMessageResponseHeader h = answer.decodeHeader(SendMessageResponseHeader.class);
        assertThat(h.msgId()).isNotEqualTo("0");
        assertThat(f.maxOffset(BROKER, replyTopic(), 0)).isEqualTo(1);

        List<RemotingCommand> pushes = requester.nodeAs(ProtocolDriver.class).received().stream()
                .filter(c -> c.code() == RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT).toList();
        assertThat(pushes).hasSize(1);
        RemotingCommand push = pushes.get(0);
        assertThat(new String(push.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("pong");
        ReplyMessageRequestHeader pushed = push.decodeHeader(ReplyMessageRequestHeader.class);
        assertThat(pushed.topic()).isEqualTo(replyTopic());
        assertThat(pushed.producerGroup()).isEqualTo("PG-replier");
        assertThat(pushed.storeHost()).isEqualTo(f.broker(BROKER).settings().brokerAddr());
        assertThat(pushed.bornHost()).contains(":");
        assertThat(pushed.bornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(MessageProperties.decode(pushed.properties()))
                .containsEntry(MessageConst.PROPERTY_CORRELATION_ID, "corr-pong")
                .containsKey(MessageConst.PROPERTY_PUSH_REPLY_TIME);
    }

    @Test
    void withoutStoringTheReplyItIsPushedAndNotKept() {
        f = BrokerFixture.start(1702, Map.of("storeReplyMessageEnable", "false"), BROKER);
        requester("10.0.0.9@requester", ResponseCode.SUCCESS);
        RemotingCommand answer = reply("pong", "10.0.0.9@requester");
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(answer.decodeHeader(SendMessageResponseHeader.class).msgId()).isEqualTo("0");
        assertThat(f.maxOffset(BROKER, replyTopic(), 0)).isZero();
    }

    @Test
    void aReplyThatCannotBePushedIsRefusedNamingWhy() {
        f = BrokerFixture.start(1703, Map.of(), BROKER);
        RemotingCommand unnamed = reply("a", null);
        assertThat(unnamed.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(unnamed.remark()).contains("REPLY_TO_CLIENT");

        RemotingCommand gone = reply("b", "10.0.0.9@gone");
        assertThat(gone.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(gone.remark()).contains("10.0.0.9@gone").contains("not found");

        requester("10.0.0.9@refusing", ResponseCode.SYSTEM_ERROR);
        RemotingCommand refused = reply("c", "10.0.0.9@refusing");
        assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(refused.remark()).contains("10.0.0.9@refusing");

        requester("10.0.0.9@silent", null);
        long askedAt = f.sim().elapsedMs();
        RemotingCommand silent = reply("d", "10.0.0.9@silent");
        assertThat(silent.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(silent.remark()).contains("10.0.0.9@silent");
        assertThat(f.sim().elapsedMs() - askedAt).isBetween(10_000L, 10_100L);
        // Unlike RocketMQ, a refused reply is not stored (the client retries SYSTEM_ERROR).
        assertThat(f.maxOffset(BROKER, replyTopic(), 0)).isZero();
    }

    @Test
    void aSlaveRefusesReplies() {
        f = BrokerFixture.start(1704, Map.of("brokerRole", "SLAVE", "brokerId", "1"), BROKER);
        RemotingCommand answer = reply("a", "10.0.0.9@requester");
        assertThat(answer.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(answer.remark()).contains("slave");
    }
}
