package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.MessageProperties;
import io.petrel.store.commitlog.BrokerMessage;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A slave dispatches the records it appends from the appended bytes where they lie whole in them,
 * and from its log where an append cut them: whatever way its master's log is cut into appends
 * (pieces inside a record, pieces of many records, pieces across a file end), the slave's queues,
 * tag codes and index end up as its master's.
 */
class RawAppendDispatchProperties {

    private static final int RECORDS = 120;

    @Property(tries = 25)
    void rawAppendsCutAnywhereBuildTheMastersQueuesTagsAndIndex(@ForAll long seed) {
        Random random = new Random(seed);
        try (StoreHarness master = new StoreHarness(seed, 1L << 30, Map.of());
                StoreHarness slave = new StoreHarness(~seed, 1L << 30, Map.of())) {
            master.start();
            slave.start();
            for (int i = 0; i < RECORDS; i++) {
                BrokerMessage m = master.message("T" + random.nextInt(3), random.nextInt(2), 1 + random.nextInt(3_000));
                Map<String, String> p = new LinkedHashMap<>(m.properties());
                p.put("TAGS", "Tag" + random.nextInt(3));
                assertThat(master.put(m.rerouted(m.topic(), m.queueId(), p)).status()).isEqualTo(PutMessageStatus.PUT_OK);
            }
            long end = master.store().getMaxPhyOffset();
            assertThat(end).as("the log spans files").isGreaterThan(2L * master.store().config().mappedFileSizeCommitLog());

            for (long at = 0; at < end; ) {
                int n = (int) Math.min(end - at, 1 + random.nextInt(random.nextBoolean() ? 300 : 40_000));
                assertThat(slave.store().appendToCommitLog(at, logBytes(master, at, n))).isTrue();
                at += n;
            }

            assertThat(slave.store().getMaxPhyOffset()).isEqualTo(end);
            for (int t = 0; t < 3; t++) {
                for (int q = 0; q < 2; q++) {
                    assertSameQueue(master, slave, "T" + t, q);
                }
            }
            for (int id = 1; id <= RECORDS; id += 7) {
                assertThat(keyHits(slave, "key-" + id)).as("key-%d in the slave's index", id).isEqualTo(1);
            }
        }
    }

    private static void assertSameQueue(StoreHarness master, StoreHarness slave, String topic, int queueId) {
        assertThat(slave.readQueue(topic, queueId)).isEqualTo(master.readQueue(topic, queueId));
        long max = master.store().getMaxOffsetInQueue(topic, queueId);
        assertThat(slave.store().getMaxOffsetInQueue(topic, queueId)).isEqualTo(max);
        for (int tag = 0; tag < 3; tag++) {
            long code = MessageProperties.tagsCode("Tag" + tag);
            assertThat(matching(slave, topic, queueId, code)).as("%s/%d entries tagged Tag%d", topic, queueId, tag)
                    .isEqualTo(matching(master, topic, queueId, code));
        }
    }

    private static int matching(StoreHarness h, String topic, int queueId, long tagsCode) {
        GetMessageResult r = h.store().getMessage("test", topic, queueId, 0, 1_000, code -> code == tagsCode);
        int n = r.messageCount();
        r.release();
        return n;
    }

    private static int keyHits(StoreHarness h, String key) {
        int hits = 0;
        for (int t = 0; t < 3; t++) {
            QueryMessageResult r = h.store().queryMessage("T" + t, key, 32, 0, Long.MAX_VALUE);
            hits += r.messageCount();
            r.release();
        }
        return hits;
    }

    /** {@code n} bytes of {@code from}'s log at {@code at}, across file ends, copied. */
    private static ByteBuffer logBytes(StoreHarness from, long at, int n) {
        ByteBuffer out = ByteBuffer.allocate(n);
        while (out.hasRemaining()) {
            var data = from.store().getCommitLogData(at + out.position());
            ByteBuffer b = data.byteBuffer();
            out.put(b.slice(b.position(), Math.min(data.size(), out.remaining())));
            data.release();
        }
        return out.flip();
    }
}
