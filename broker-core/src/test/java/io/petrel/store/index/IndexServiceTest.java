package io.petrel.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.MessageConst;
import io.petrel.common.message.StoredMessage;
import io.petrel.store.commitlog.DispatchRequest;
import io.petrel.store.format.Vectors;
import io.petrel.store.testing.MemoryDisk;
import io.petrel.store.testing.RecordingLog;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The index file against the official store's (64 slots, 256 entries) and its recovery checks. */
class IndexServiceTest {

    private final MemoryDisk disk = new MemoryDisk(64L << 20);
    private final RecordingLog log = new RecordingLog();

    private IndexService service() {
        IndexService s = new IndexService(disk, "/store/index", 64, 256, ZoneId.of("UTC"), log);
        s.load();
        return s;
    }

    private static DispatchRequest fromVector(int offset) {
        StoredMessage m = StoredMessage.decode(Vectors.buffer("store/commitlog_first_messages.hex"), offset, true);
        Map<String, String> p = m.properties();
        return new DispatchRequest(m.topic(), m.queueId(), offset, m.storeSize(), 0, m.storeTimestamp(), m.queueOffset(),
                p.get(MessageConst.PROPERTY_KEYS), p.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX), m.sysFlag());
    }

    @Test
    void buildsTheOfficialHeaderSlotsAndEntries() {
        IndexService s = service();
        s.recover(0, 0, 0);
        s.ensureCapacity(3, 1_795_478_900_000L);
        for (int offset : new int[] {0, 173, 341}) {
            s.buildIndex(fromVector(offset), 0);
        }
        String name = disk.list("/store/index").get(0);
        assertThat(name).isEqualTo("20261124000820000");
        byte[] file = disk.bytes("/store/index/" + name);
        assertThat(file).hasSize(5416);
        assertThat(Arrays.copyOf(file, 40)).isEqualTo(Vectors.hex("store/index_header.hex"));
        assertThat(Arrays.copyOfRange(file, 40, 296)).isEqualTo(Vectors.hex("store/index_slots.hex"));
        assertThat(Arrays.copyOfRange(file, 296, 416)).isEqualTo(Vectors.hex("store/index_entries_first6.hex"));
    }

    @Test
    void queriesReturnNewestFirstWithinTheTimeRange() {
        IndexService s = service();
        s.recover(0, 0, 0);
        s.ensureCapacity(3, 0);
        for (int offset : new int[] {0, 173, 341}) {
            s.buildIndex(fromVector(offset), 0);
        }
        assertThat(s.queryOffset("TopicTest", "KEY1", 32, 0, Long.MAX_VALUE)).containsExactly(0L);
        assertThat(s.queryOffset("TopicTest", "7F0000010D2718B4AAC2000000010001", 32, 0, Long.MAX_VALUE)).containsExactly(173L);
        assertThat(s.queryOffset("SCHEDULE_TOPIC_XXXX", "KEY4", 32, 0, Long.MAX_VALUE)).containsExactly(341L);
        assertThat(s.queryOffset("TopicTest", "KEY1", 32, 0, 1000)).isEmpty();
        assertThat(s.queryOffset("TopicTest", "NOPE", 32, 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aFileTornByAPowerLossIsDeletedAndRebuiltFromItsFirstMessage() {
        IndexService s = service();
        s.recover(0, 0, 0);
        s.ensureCapacity(3, 0);
        for (int offset : new int[] {0, 173, 341}) {
            s.buildIndex(fromVector(offset), 0);
        }
        String path = "/store/index/" + disk.list("/store/index").get(0);
        IndexService intact = service();
        assertThat(intact.recover(567, 567, 0)).isEqualTo(567);
        assertThat(intact.fileCount()).isEqualTo(1);
        ByteBuffer.wrap(disk.bytes(path)).putInt(36, 5);
        IndexService torn = service();
        assertThat(torn.recover(200, 567, 0)).isZero();
        assertThat(torn.fileCount()).isZero();
        assertThat(disk.exists(path)).isFalse();
        assertThat(log.lines).anyMatch(l -> l.contains("inconsistent"));
    }
}
