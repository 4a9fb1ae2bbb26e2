package io.petrel.store.commitlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.common.TopicValidator;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.StoredMessage;
import io.petrel.store.file.MappedFileQueue;
import io.petrel.store.format.Vectors;
import io.petrel.store.testing.MemoryDisk;
import io.petrel.store.testing.RecordingLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The commit log writes what the official DefaultMessageStore wrote for the same three puts
 * ({@code vectors/store/commitlog_first_messages.hex}).
 */
class CommitLogVectorTest {

    private final MemoryDisk disk = new MemoryDisk(64L << 20);
    private final HostAddress storeHost = HostAddress.parse("127.0.0.1:10911");

    private CommitLog commitLog(int fileSize, String cluster) {
        MappedFileQueue files = new MappedFileQueue(disk, "/store/commitlog", fileSize, new RecordingLog());
        MessageEncoder encoder = new MessageEncoder(4 << 20, fileSize, DelayLevelTable.parse(DelayLevelTable.DEFAULT),
                storeHost, cluster);
        return new CommitLog(files, encoder, bytes -> true);
    }

    /** The message the official test put, rebuilt from the record it wrote. */
    private static BrokerMessage sourceOf(StoredMessage stored) {
        Map<String, String> p = new LinkedHashMap<>(stored.properties());
        String topic = stored.topic();
        int queueId = stored.queueId();
        if (p.containsKey(MessageConst.PROPERTY_REAL_TOPIC)) {
            topic = p.remove(MessageConst.PROPERTY_REAL_TOPIC);
            queueId = Integer.parseInt(p.remove(MessageConst.PROPERTY_REAL_QUEUE_ID));
        }
        return new BrokerMessage(topic, queueId, stored.flag(), stored.body(), p, stored.bornTimestamp(), stored.bornHost(),
                stored.sysFlag(), stored.reconsumeTimes(), stored.preparedTransactionOffset());
    }

    @Test
    void reproducesTheOfficialStoresRecordsOffsetsAndMessageIds() {
        byte[] expected = Vectors.hex("store/commitlog_first_messages.hex");
        ByteBuffer official = ByteBuffer.wrap(expected);
        CommitLog log = commitLog(1 << 20, null);
        List<AppendMessageResult> results = new ArrayList<>();
        for (int offset : new int[] {0, 173, 341}) {
            StoredMessage stored = StoredMessage.decode(official, offset, true);
            PreparedMessage p = log.encoder().prepare(sourceOf(stored));
            results.add(log.append(p, stored.storeTimestamp()));
        }
        assertThat(results).extracting(AppendMessageResult::wroteOffset).containsExactly(0L, 173L, 341L);
        assertThat(results).extracting(AppendMessageResult::msgId).containsExactly(
                "7F00000100002A9F0000000000000000", "7F00000100002A9F00000000000000AD", "7F00000100002A9F0000000000000155");
        assertThat(results).extracting(AppendMessageResult::logicsOffset).containsExactly(0L, 1L, 0L);
        byte[] written = Arrays.copyOf(disk.bytes("/store/commitlog/00000000000000000000"), 567);
        assertThat(Arrays.copyOf(written, 341)).isEqualTo(Arrays.copyOf(expected, 341));
        StoredMessage ours = StoredMessage.decode(ByteBuffer.wrap(written), 341, true);
        StoredMessage theirs = StoredMessage.decode(official, 341, true);
        assertThat(ours.properties()).isEqualTo(theirs.properties());
        assertThat(ours.topic()).isEqualTo(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC);
        assertThat(ours.queueId()).isEqualTo(2);
        assertThat(ours.storeSize()).isEqualTo(theirs.storeSize());
        DispatchRequest delayed = results.get(2).dispatchRequests().get(0);
        assertThat(delayed.tagsCode()).isEqualTo(theirs.storeTimestamp() + 10_000);
        assertThat(log.maxOffset()).isEqualTo(567);
    }

    @Test
    void dropsWaitAddsClusterAndClampsDelayLevels() {
        CommitLog log = commitLog(1 << 20, "DefaultCluster");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("WAIT", "true");
        p.put("DELAY", "40");
        p.put("TAGS", "T");
        PreparedMessage prepared = log.encoder().prepare(
                BrokerMessage.of("Orders", 3, new byte[] {1}, p, 1, HostAddress.parse("10.0.0.2:1")));
        assertThat(prepared.waitStoreMsgOk()).isTrue();
        assertThat(prepared.topic()).isEqualTo(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC);
        assertThat(prepared.queueId()).isEqualTo(17);
        assertThat(prepared.properties()).doesNotContainKey("WAIT").containsEntry("CLUSTER", "DefaultCluster")
                .containsEntry("DELAY", "18").containsEntry("REAL_TOPIC", "Orders").containsEntry("REAL_QID", "3");
    }

    @Test
    void aRecordThatDoesNotFitGoesToTheNextFileAfterABlankRecord() {
        CommitLog log = commitLog(4096, null);
        byte[] body = new byte[1500];
        HostAddress born = HostAddress.parse("10.0.0.2:1");
        for (int i = 0; i < 3; i++) {
            log.append(log.encoder().prepare(BrokerMessage.of("T", 0, body, Map.of(), i, born)), 100 + i);
        }
        byte[] first = disk.bytes("/store/commitlog/00000000000000000000");
        int size = 91 + 1500 + 1;
        ByteBuffer b = ByteBuffer.wrap(first);
        assertThat(b.getInt(2 * size)).isEqualTo(4096 - 2 * size);
        assertThat(b.getInt(2 * size + 4)).isEqualTo(0xCBD43194);
        assertThat(log.maxOffset()).isEqualTo(4096 + size);
        assertThat(disk.bytes("/store/commitlog/00000000000000004096")).isNotNull();
        assertThat(log.nextQueueOffset(new TopicQueue("T", 0))).isEqualTo(3);
    }

    @Test
    void refusesBadInputBeforeWritingAnything() {
        CommitLog log = commitLog(4096, null);
        HostAddress born = HostAddress.parse("10.0.0.2:1");
        assertThatThrownBy(() -> log.encoder().prepare(BrokerMessage.of("", 0, new byte[1], Map.of(), 0, born)))
                .isInstanceOfSatisfying(AppendRejectedException.class,
                        e -> assertThat(e.status()).isEqualTo(AppendMessageStatus.MESSAGE_ILLEGAL)).hasMessageContaining("empty");
        assertThatThrownBy(() -> log.encoder().prepare(BrokerMessage.of("x".repeat(128), 0, new byte[1], Map.of(), 0, born)))
                .hasMessageContaining("longer than 127");
        assertThatThrownBy(() -> log.encoder().prepare(BrokerMessage.of("a/b", 0, new byte[1], Map.of(), 0, born)))
                .hasMessageContaining("character");
        assertThatThrownBy(() -> log.encoder().prepare(BrokerMessage.of("T", -1, new byte[1], Map.of(), 0, born)))
                .hasMessageContaining("queueId -1");
        assertThatThrownBy(() -> log.encoder().prepare(BrokerMessage.of("T", 0, new byte[5000], Map.of(), 0, born)))
                .hasMessageContaining("does not fit").hasMessageContaining("4096");
        assertThatThrownBy(() -> log.encoder().prepare(BrokerMessage.of("T", 0, new byte[1], Map.of("k", "v".repeat(40_000)), 0, born)))
                .isInstanceOfSatisfying(AppendRejectedException.class,
                        e -> assertThat(e.status()).isEqualTo(AppendMessageStatus.PROPERTIES_SIZE_EXCEEDED));
        assertThat(log.maxOffset()).isZero();
        assertThat(disk.list("/store/commitlog")).isEmpty();
    }

    @Test
    void rawAppendsMirrorAnotherLogByteForByteAcrossFiles() {
        CommitLog master = commitLog(4096, null);
        HostAddress born = HostAddress.parse("10.0.0.2:1");
        for (int i = 0; i < 5; i++) {
            master.append(master.encoder().prepare(BrokerMessage.of("T", 0, new byte[1000], Map.of(), i, born)), i);
        }
        MemoryDisk slaveDisk = new MemoryDisk(64L << 20);
        CommitLog slave = new CommitLog(new MappedFileQueue(slaveDisk, "/s/commitlog", 4096, new RecordingLog()),
                master.encoder(), b -> true);
        for (long at = 0; at < master.maxOffset(); ) {
            var data = master.getData(at);
            slave.appendRaw(at, data.byteBuffer());
            at += data.size();
            data.release();
        }
        assertThat(slave.maxOffset()).isEqualTo(master.maxOffset());
        assertThat(slaveDisk.bytes("/s/commitlog/00000000000000004096"))
                .isEqualTo(disk.bytes("/store/commitlog/00000000000000004096"));
        assertThatThrownBy(() -> slave.appendRaw(7, ByteBuffer.allocate(3))).hasMessageContaining("does not continue");
    }
}
