package io.petrel.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.common.TopicValidator;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageCrc;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageFormatException;
import io.petrel.common.message.StoredMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Petrel's stored-message codec against the records the official 4.9.8 encoder wrote. */
class MessageFormatVectorTest {

    @Test
    void decodesTheIpv4VectorFieldByFieldAndReencodesItByteForByte() {
        byte[] bytes = Vectors.hex("stored_message_ipv4.hex");
        StoredMessage m = StoredMessage.decode(ByteBuffer.wrap(bytes), 0, true);
        assertThat(m.storeSize()).isEqualTo(200);
        assertThat(m.bodyCrc()).isEqualTo(1774740973);
        assertThat(m.queueId()).isEqualTo(2);
        assertThat(m.queueOffset()).isEqualTo(7);
        assertThat(m.physicalOffset()).isEqualTo(1234);
        assertThat(m.bornTimestamp()).isEqualTo(1700000000000L);
        assertThat(m.storeTimestamp()).isEqualTo(1700000000005L);
        assertThat(m.bornHost()).hasToString("127.0.0.1:54321");
        assertThat(m.storeHost()).hasToString("127.0.0.1:10911");
        assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("Hello RocketMQ");
        assertThat(m.topic()).isEqualTo("TopicTest");
        assertThat(m.properties()).containsEntry("TAGS", "TagA").containsEntry("KEYS", "KEY1 KEY2")
                .containsEntry("UNIQ_KEY", "7F0000010D2718B4AAC2000000000000").containsEntry("WAIT", "true")
                .containsEntry("color", "red").hasSize(5);
        assertThat(m.offsetMsgId()).isEqualTo("7F00000100002A9F00000000000004D2");
        assertThat(m.encode().array()).isEqualTo(bytes);
    }

    @Test
    void decodesTheIpv6VectorWithTwentyByteHostFields() {
        byte[] bytes = Vectors.hex("stored_message_ipv6.hex");
        StoredMessage m = StoredMessage.decode(ByteBuffer.wrap(bytes), 0, true);
        assertThat(m.sysFlag() & 0x30).isEqualTo(0x30);
        assertThat(m.storeSize()).isEqualTo(224).isEqualTo(bytes.length);
        assertThat(m.bornHost().isIpv6()).isTrue();
        assertThat(m.storeHost()).isEqualTo(HostAddress.parse("[::1]:10911"));
        assertThat(m.offsetMsgId()).isEqualTo("0000000000000000000000000000000100002A9F0000000000000000");
        assertThat(m.encode().array()).isEqualTo(bytes);
    }

    @Test
    void theZlibVectorsCrcCoversTheCompressedBody() throws Exception {
        byte[] bytes = Vectors.hex("stored_message_zlib.hex");
        StoredMessage m = StoredMessage.decode(ByteBuffer.wrap(bytes), 0, true);
        assertThat(m.sysFlag()).isEqualTo(0x301);
        assertThat(m.bodyCrc()).isEqualTo(MessageCrc.crc32(m.body()));
        Inflater inflater = new Inflater();
        inflater.setInput(m.body());
        byte[] plain = new byte[6000];
        int n = inflater.inflate(plain);
        assertThat(n).isEqualTo(5000);
        assertThat((char) plain[0]).isEqualTo('a');
        assertThat((char) plain[4999]).isEqualTo((char) ('a' + 4999 % 26));
        assertThat(m.encode().array()).isEqualTo(bytes);
    }

    @Test
    void decodesTheOfficialStoresFirstThreeCommitLogRecords() {
        ByteBuffer log = Vectors.buffer("store/commitlog_first_messages.hex");
        int[] sizes = {173, 168, 226};
        int position = 0;
        for (int i = 0; i < 3; i++) {
            StoredMessage m = StoredMessage.decode(log, position, true);
            assertThat(m.storeSize()).isEqualTo(sizes[i]);
            assertThat(m.physicalOffset()).isEqualTo(position);
            byte[] original = new byte[sizes[i]];
            log.get(position, original);
            assertThat(m.encode().array()).as("record %d re-encoded", i).isEqualTo(original);
            position += sizes[i];
        }
        assertThat(position).isEqualTo(567);
        StoredMessage delayed = StoredMessage.decode(log, 341, true);
        assertThat(delayed.topic()).isEqualTo(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC);
        assertThat(delayed.queueId()).isEqualTo(2);
        assertThat(delayed.properties()).containsEntry("REAL_TOPIC", "TopicTest").containsEntry("REAL_QID", "0")
                .containsEntry("DELAY", "3");
    }

    @Test
    void checkRejectsBadMagicBadCrcAndSizesThatDoNotAddUp() {
        byte[] bytes = Vectors.hex("stored_message_ipv4.hex");
        assertThat(MessageFormat.check(ByteBuffer.wrap(bytes), 0, bytes.length, true, 1234).isValid()).isTrue();
        assertThat(MessageFormat.check(ByteBuffer.wrap(bytes), 0, bytes.length, true, 1235).problem())
                .contains("physical offset");
        byte[] flipped = bytes.clone();
        flipped[95] ^= 0x10;
        assertThat(MessageFormat.check(ByteBuffer.wrap(flipped), 0, bytes.length, true, -1).problem()).contains("CRC");
        byte[] badSize = bytes.clone();
        badSize[3] = (byte) 199;
        assertThat(MessageFormat.check(ByteBuffer.wrap(badSize), 0, bytes.length, true, -1).isValid()).isFalse();
        assertThat(MessageFormat.check(ByteBuffer.allocate(64), 0, 64, true, -1).problem()).isEqualTo("zeros");
        assertThatThrownBy(() -> StoredMessage.decode(ByteBuffer.wrap(flipped), 0, true))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("CRC");
    }

    @Test
    void aBlankRecordMustFillTheRestOfTheFile() {
        ByteBuffer file = ByteBuffer.allocate(100);
        file.put(50, MessageFormat.blankRecord(50).array());
        assertThat(MessageFormat.check(file, 50, 50, true, -1).kind()).isEqualTo(MessageFormat.RecordCheck.Kind.BLANK);
        assertThat(MessageFormat.check(file, 50, 60, true, -1).isValid()).isFalse();
    }

    @Test
    void fixedOverheadIs91BytesForIpv4And115ForIpv6() {
        assertThat(MessageFormat.calMsgLength(0, 0, 0, 0)).isEqualTo(91);
        assertThat(MessageFormat.calMsgLength(0x30, 0, 0, 0)).isEqualTo(115);
        assertThat(MessageFormat.calMsgLength(0, 14, 9, 86)).isEqualTo(200);
    }

    @Test
    void topicAndPropertyLengthLimitsAreClearErrors() {
        assertThatThrownBy(() -> MessageFormat.checkLengths(0, 0)).hasMessageContaining("topic must be 1 to 127");
        assertThatThrownBy(() -> MessageFormat.checkLengths(128, 0)).hasMessageContaining("not 128");
        assertThatThrownBy(() -> MessageFormat.checkLengths(5, 32768)).hasMessageContaining("at most 32767");
    }
}
