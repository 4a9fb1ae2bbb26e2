package io.petrel.broker.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.GetEarliestMsgStoretimeRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetEarliestMsgStoretimeResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryMessageRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryMessageResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.ViewMessageRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * QUERY_MESSAGE by key and by unique key, VIEW_MESSAGE_BY_ID by offsetMsgId and
 * GET_EARLIEST_MSG_STORETIME in simulation, and queries with absurd counts or time ranges, which
 * get SYSTEM_ERROR naming the problem.
 */
class QuerySimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;
    private SendMessageResponseHeader first;

    @BeforeEach
    void setUp() {
        f = BrokerFixture.start(401, Map.of(), BROKER);
        f.createTopic(BROKER, "TopicQ", 2);
        first = f.send(BROKER, "TopicQ", 0, "first", Map.of("KEYS", "order-1 customer-9", "UNIQ_KEY", "UNIQ0001"));
        for (int i = 2; i <= 5; i++) {
            f.send(BROKER, "TopicQ", i % 2, "m" + i, Map.of("KEYS", "order-" + i + " customer-9", "UNIQ_KEY", "UNIQ000" + i));
        }
        f.sim().runFor(1_000);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private RemotingCommand query(String key, int maxNum, long begin, long end, boolean unique) {
        return f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_MESSAGE,
                new QueryMessageRequestHeader("TopicQ", key, maxNum, begin, end))
                .addExtField("_UNIQUE_KEY_QUERY", Boolean.toString(unique)));
    }

    @Test
    void aKeyFindsEveryMessageCarryingItAndAUniqueKeyFindsOne() {
        RemotingCommand byKey = query("customer-9", 64, 0, Long.MAX_VALUE, false);
        assertThat(byKey.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(BrokerFixture.messages(byKey)).hasSize(5).allSatisfy(m -> assertThat(m.topic()).isEqualTo("TopicQ"));
        assertThat(byKey.decodeHeader(QueryMessageResponseHeader.class).indexLastUpdatePhyoffset()).isPositive();
        assertThat(BrokerFixture.messages(query("order-3", 64, 0, Long.MAX_VALUE, false)))
                .extracting(m -> new String(m.body(), StandardCharsets.UTF_8)).containsExactly("m3");
        assertThat(BrokerFixture.messages(query("UNIQ0004", 64, 0, Long.MAX_VALUE, true)))
                .extracting(m -> m.property("UNIQ_KEY")).containsExactly("UNIQ0004");
        assertThat(BrokerFixture.messages(query("customer-9", 2, 0, Long.MAX_VALUE, false))).hasSize(2);
        RemotingCommand none = query("nobody", 64, 0, Long.MAX_VALUE, false);
        assertThat(none.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(none.remark()).isEqualTo("can not find message, maybe time range not correct");
    }

    @Test
    void anOffsetMsgIdLeadsToItsMessage() {
        long offset = BrokerFixture.commitLogOffset(first.msgId());
        RemotingCommand view = f.call(BROKER, RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID,
                new ViewMessageRequestHeader(offset)));
        assertThat(view.code()).isEqualTo(ResponseCode.SUCCESS);
        StoredMessage m = BrokerFixture.messages(view).get(0);
        assertThat(m.offsetMsgId()).isEqualTo(first.msgId());
        assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("first");
        RemotingCommand missing = f.call(BROKER, RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID,
                new ViewMessageRequestHeader(offset + 1)));
        assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(missing.remark()).isEqualTo("can not find message by the offset, " + (offset + 1));
        RemotingCommand negative = f.call(BROKER, RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID,
                new ViewMessageRequestHeader(-5L)));
        assertThat(negative.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    }

    @Test
    void theEarliestStoreTimeOfAQueueIsItsFirstMessages() {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.GET_EARLIEST_MSG_STORETIME,
                new GetEarliestMsgStoretimeRequestHeader("TopicQ", 0, null)));
        long stored = f.broker(BROKER).store().lookMessageByOffset(BrokerFixture.commitLogOffset(first.msgId())).storeTimestamp();
        assertThat(r.decodeHeader(GetEarliestMsgStoretimeResponseHeader.class).timestamp()).isEqualTo(stored);
    }

    @Test
    void absurdCountsAndTimeRangesAreRefusedWithTheirReason() {
        RemotingCommand zero = query("customer-9", 0, 0, Long.MAX_VALUE, false);
        assertThat(zero.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(zero.remark()).isEqualTo("maxNum must be at least 1, not 0");
        RemotingCommand backwards = query("customer-9", 10, 2_000_000_000_000L, 1_000_000_000_000L, false);
        assertThat(backwards.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(backwards.remark()).startsWith("the time range ends before it begins");
        assertThat(query("customer-9", 10, -1, 5, false).remark()).isEqualTo("beginTimestamp must not be negative, not -1");
        assertThat(query(" ", 10, 0, 5, false).remark()).isEqualTo("the query key is blank");
        RemotingCommand huge = query("customer-9", Integer.MAX_VALUE, 0, Long.MAX_VALUE, false);
        assertThat(huge.code()).as("a huge count is capped at maxMsgsNumBatch, as RocketMQ does").isEqualTo(ResponseCode.SUCCESS);
        assertThat(BrokerFixture.messages(huge)).hasSize(5);
        RemotingCommand future = query("customer-9", 10, 4_000_000_000_000L, Long.MAX_VALUE, false);
        assertThat(future.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }
}
