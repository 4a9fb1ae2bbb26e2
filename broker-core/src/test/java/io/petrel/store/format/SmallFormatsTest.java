package io.petrel.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.common.message.BatchBodyFormat;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageFormatException;
import io.petrel.common.message.MessageId;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.StoredMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Properties, tag hash, message ids, hosts, batch bodies, consume-queue entries, checkpoint, names. */
class SmallFormatsTest {

    @Test
    void propertiesFollowRocketMqsSeparatorsAndSkipRules() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("KEYS", "K1 K2");
        p.put("NULL", null);
        p.put("TAGS", "TagA");
        String text = MessageProperties.encode(p);
        assertThat(text).isEqualTo("KEYS\u0001K1 K2\u0002TAGS\u0001TagA");
        assertThat(MessageProperties.decode(text)).containsExactly(Map.entry("KEYS", "K1 K2"), Map.entry("TAGS", "TagA"));
        assertThat(MessageProperties.decode("a\u0001\u0002\u0001b\u0002ab\u0002x\u0001y\u0002")).containsExactly(Map.entry("x", "y"));
        assertThat(MessageProperties.decode("")).isEmpty();
        assertThat(MessageProperties.decode(null)).isEmpty();
    }

    @Test
    void tagsCodeIsTheStringHashCode() {
        assertThat(MessageProperties.tagsCode("TagA")).isEqualTo(2598919L);
        assertThat(MessageProperties.tagsCode("TagB")).isEqualTo(2598920L);
        assertThat(MessageProperties.tagsCode(null)).isZero();
    }

    @Test
    void offsetMsgIdsMatchTheOfficialIds() {
        assertThat(MessageId.createMessageId(HostAddress.parse("127.0.0.1:10911"), 1234))
                .isEqualTo("7F00000100002A9F00000000000004D2");
        assertThat(MessageId.createMessageId(HostAddress.parse("[::1]:10911"), 0))
                .isEqualTo("0000000000000000000000000000000100002A9F0000000000000000");
        MessageId.Decoded d = MessageId.decodeMessageId("7F00000100002A9F00000000000004D2");
        assertThat(d.storeHost()).hasToString("127.0.0.1:10911");
        assertThat(d.commitLogOffset()).isEqualTo(1234);
        assertThatThrownBy(() -> MessageId.decodeMessageId("7F00")).hasMessageContaining("32 or 56");
        assertThatThrownBy(() -> MessageId.decodeMessageId("ZZ00000100002A9F00000000000004D2")).hasMessageContaining("not hex");
    }

    @Test
    void hostAddressesParseWithoutNameLookups() {
        assertThat(HostAddress.parse("10.1.2.3:10911").ip()).containsExactly(10, 1, 2, 3);
        assertThat(HostAddress.parse("[fd00::2]:1").ip()[0]).isEqualTo((byte) 0xfd);
        assertThat(HostAddress.parse("[fd00::2]:1").ip()[15]).isEqualTo((byte) 2);
        assertThat(HostAddress.parse("[1:2:3:4:5:6:7:8]:9")).hasToString("[1:2:3:4:5:6:7:8]:9");
        assertThatThrownBy(() -> HostAddress.parse("broker-a:10911")).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> HostAddress.parse("10.0.0.1")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> HostAddress.parse("10.0.0.1:70000")).hasMessageContaining("port");
        assertThatThrownBy(() -> HostAddress.parse("10.0.0.256:1")).hasMessageContaining("literal");
        assertThatThrownBy(() -> HostAddress.parse("[1::2::3]:1")).hasMessageContaining("'::'");
    }

    @Test
    void decodesTheOfficialBatchBodyAndEncodesItBack() {
        ByteBuffer body = Vectors.buffer("batch_send_body.hex");
        List<BatchBodyFormat.Entry> entries = BatchBodyFormat.decode(body, 64);
        assertThat(entries).hasSize(2);
        assertThat(new String(entries.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("batch-one");
        assertThat(new String(entries.get(1).body(), StandardCharsets.UTF_8)).isEqualTo("batch-two");
        assertThat(MessageProperties.decode(entries.get(1).propertiesString())).containsEntry("TAGS", "TagB");
        assertThat(BatchBodyFormat.encode(entries)).isEqualTo(Vectors.buffer("batch_send_body.hex"));
    }

    @Test
    void malformedBatchBodiesAreClearErrors() {
        ByteBuffer good = Vectors.buffer("batch_send_body.hex");
        ByteBuffer truncated = ByteBuffer.wrap(good.array(), 0, good.limit() - 3);
        assertThatThrownBy(() -> BatchBodyFormat.decode(truncated.slice(), 64)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("entry 1");
        assertThatThrownBy(() -> BatchBodyFormat.decode(good, 1)).hasMessageContaining("more than 1");
        assertThatThrownBy(() -> BatchBodyFormat.decode(ByteBuffer.allocate(0), 4)).hasMessageContaining("empty");
        ByteBuffer lying = ByteBuffer.allocate(30).putInt(30).putInt(0).putInt(0).putInt(0).putInt(100);
        assertThatThrownBy(() -> BatchBodyFormat.decode(lying.flip().limit(30), 4)).hasMessageContaining("body length");
    }

    @Test
    void consumeQueueEntriesMatchTheOfficialStoresFiles() {
        ByteBuffer cq = Vectors.buffer("store/consumequeue_topictest_0_first2.hex");
        assertThat(ConsumeQueueFormat.read(cq, 0)).isEqualTo(new ConsumeQueueFormat.Entry(0, 173, 2598919));
        assertThat(ConsumeQueueFormat.read(cq, 20)).isEqualTo(new ConsumeQueueFormat.Entry(173, 168, 2598920));
        ByteBuffer encoded = ByteBuffer.allocate(40);
        ConsumeQueueFormat.write(encoded, 0, 173, 2598919);
        ConsumeQueueFormat.write(encoded, 173, 168, 2598920);
        assertThat(encoded.array()).isEqualTo(Vectors.hex("store/consumequeue_topictest_0_first2.hex"));
        ConsumeQueueFormat.Entry delayed = ConsumeQueueFormat.read(Vectors.buffer("store/consumequeue_schedule_level3_first.hex"), 0);
        assertThat(delayed.commitLogOffset()).isEqualTo(341);
        assertThat(delayed.size()).isEqualTo(226);
        long storeTimestamp = StoredMessage.decode(Vectors.buffer("store/commitlog_first_messages.hex"), 341, true).storeTimestamp();
        assertThat(delayed.tagsCode()).isEqualTo(storeTimestamp + 10_000);
        assertThat(ConsumeQueueFormat.roundFileSize(6_000_000)).isEqualTo(6_000_000);
        assertThat(ConsumeQueueFormat.roundFileSize(50_000_001)).isEqualTo(50_000_020);
        assertThat(ConsumeQueueFormat.FILLER.isFiller()).isTrue();
    }

    @Test
    void indexHeaderAndKeyHashesMatchTheOfficialIndex() {
        IndexFileFormat.Header h = IndexFileFormat.Header.read(Vectors.buffer("store/index_header.hex"));
        assertThat(h.beginPhyOffset()).isZero();
        assertThat(h.endPhyOffset()).isEqualTo(341);
        assertThat(h.hashSlotCount()).isEqualTo(6);
        assertThat(h.indexCount()).isEqualTo(8);
        assertThat(h.encode().array()).isEqualTo(Vectors.hex("store/index_header.hex"));
        for (String line : Vectors.text("store/index_keys.txt").strip().split("\n")) {
            String[] parts = line.split(" ");
            int hash = Integer.parseInt(parts[1].substring("hash=".length()));
            int slot = Integer.parseInt(parts[2].substring("slot=".length()));
            assertThat(IndexFileFormat.keyHash(parts[0])).as(parts[0]).isEqualTo(hash);
            assertThat(IndexFileFormat.slotPosition(hash, 64)).isEqualTo(40 + 4L * slot);
        }
        assertThat(IndexFileFormat.fileSize(64, 256)).isEqualTo(5416);
        assertThat(IndexFileFormat.fileSize(5_000_000, 20_000_000)).isEqualTo(420_000_040L);
    }

    @Test
    void checkpointKeepsRocketMqsTimestampsAndPetrelsCheckedOffsets() {
        CheckpointFormat.Checkpoint official = CheckpointFormat.decode(
                ByteBuffer.allocate(4096).put(Vectors.hex("store/checkpoint_first24.hex")).flip().limit(4096));
        assertThat(official.physicMsgTimestamp()).isEqualTo(0x1a20ae1cda2L);
        assertThat(official.indexMsgTimestamp()).isZero();
        assertThat(official.hasOffsets()).isFalse();
        CheckpointFormat.Checkpoint c = new CheckpointFormat.Checkpoint(1, 2, 3, true, 400, 300, 200);
        ByteBuffer encoded = CheckpointFormat.encode(c);
        assertThat(encoded.remaining()).isEqualTo(4096);
        assertThat(CheckpointFormat.decode(encoded)).isEqualTo(c);
        encoded.put(30, (byte) 7);
        assertThat(CheckpointFormat.decode(encoded).hasOffsets()).isFalse();
    }

    @Test
    void fileNamesAreTwentyDigitsOrIndexTimestamps() {
        assertThat(FileNames.offsetToFileName(1073741824)).isEqualTo("00000000001073741824");
        assertThat(FileNames.fileNameToOffset("00000000001073741824")).isEqualTo(1073741824L);
        assertThat(FileNames.fileNameToOffset("0000000000107374182x")).isEqualTo(-1);
        assertThat(FileNames.fileNameToOffset("abc")).isEqualTo(-1);
        assertThat(FileNames.indexFileName(1_767_225_600_000L, ZoneId.of("+08:00"))).isEqualTo("20260101080000000");
        assertThat(FileNames.isIndexFileName("20260101080000000")).isTrue();
    }
}
