package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.ViewMessageRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VIEW_MESSAGE_BY_ID (33) at an offset that is not a record's start (issue 23): the client asked for
 * a position inside a record or past the log's end, which is its mistake and not store damage. It
 * gets RocketMQ 4.9.8's answer for "no message there" (SYSTEM_ERROR, "can not find message by the
 * offset, N"), nothing is thrown, and nothing is logged above INFO about it.
 */
class ViewMessageByIdSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private RemotingCommand view(long offset) {
        return f.call(BROKER, RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID, new ViewMessageRequestHeader(offset)));
    }

    @Test
    void anOffsetInsideARecordIsNotFoundNamingTheOffsetAndNotReportedAsDamage() {
        f = BrokerFixture.start(2301, Map.of(), BROKER);
        List<String> loud = new ArrayList<>();
        f.sim().log().watch((node, level, text) -> {
            if (level.equals("ERROR") || level.equals("WARN")) {
                loud.add(node + " " + level + " " + text);
            }
        });
        f.createTopic(BROKER, "Viewed", 1);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            starts.add(BrokerFixture.commitLogOffset(f.send(BROKER, "Viewed", 0, "body-" + i, Map.of()).msgId()));
        }
        long end = f.broker(BROKER).store().getMaxPhyOffset();
        for (long offset = 0; offset < end + 64; offset++) {
            RemotingCommand r = view(offset);
            if (starts.contains(offset)) {
                assertThat(r.code()).as("a record starts at %d", offset).isEqualTo(ResponseCode.SUCCESS);
                StoredMessage m = StoredMessage.decode(r.body(), 0, true);
                assertThat(m.physicalOffset()).isEqualTo(offset);
            } else {
                assertThat(r.code()).as("offset %d", offset).isEqualTo(ResponseCode.SYSTEM_ERROR);
                assertThat(r.remark()).isEqualTo("can not find message by the offset, " + offset);
            }
        }
        assertThat(loud).as("a client's offset inside a record is neither a bug nor damage").isEmpty();
        assertThat(f.broker(BROKER).store().stats().damagedRecordsOnRead()).isZero();
    }

    /**
     * An offset far past the log's end made the file lookup's index overflow an int (Long.MAX_VALUE
     * over a 1 GiB file size is -1 as an int): IndexOutOfBoundsException, SYSTEM_ERROR with the
     * exception's text and a logged bug, the first finding of issue 23.
     */
    @Test
    void anOffsetFarPastTheLogIsNotFoundInsteadOfOverflowingTheFileIndex() {
        f = BrokerFixture.start(2302, Map.of(), BROKER);
        f.createTopic(BROKER, "Viewed", 1);
        f.send(BROKER, "Viewed", 0, "one", Map.of());
        for (long offset : new long[] {Long.MAX_VALUE, 1L << 62, (1L << 32) * (1L << 30), (1L << 31) * (1L << 30) + 5,
            Long.MIN_VALUE, -1}) {
            RemotingCommand r = view(offset);
            assertThat(r.code()).as("offset %d", offset).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(r.remark()).isEqualTo("can not find message by the offset, " + offset);
        }
    }

    /**
     * Inside a record whose body holds 0x7FFFFFF0, the four bytes read as the record's size made
     * position + size overflow an int, so the bounds check passed and the slice threw.
     */
    @Test
    void aSizeReadInsideABodyThatOverflowsThePositionIsNotFound() {
        f = BrokerFixture.start(2303, Map.of(), BROKER);
        f.createTopic(BROKER, "Viewed", 1);
        RemotingCommand send = BrokerSimTest.sendRequest("Viewed", 0, "", Map.of())
                .body(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        RemotingCommand sent = f.call(BROKER, send);
        assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
        long start = BrokerFixture.commitLogOffset(sent.decodeHeader(SendMessageResponseHeader.class).msgId());
        StoredMessage m = StoredMessage.decode(view(start).body(), 0, true);
        long bodyAt = start + m.storeSize() - 2 - m.propertiesString().length() - 1 - m.topic().length() - 8;
        for (long offset = bodyAt; offset < bodyAt + 8; offset++) {
            RemotingCommand r = view(offset);
            assertThat(r.code()).as("offset %d", offset).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(r.remark()).isEqualTo("can not find message by the offset, " + offset);
        }
    }
}
