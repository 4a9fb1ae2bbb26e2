package io.petrel.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AppendBatchTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.US_ASCII);
    }

    @Test
    void gathersContiguousPiecesIntoOneRunFromWhereTheFirstStarts() {
        AppendBatch batch = new AppendBatch(16);
        ByteBuffer first = bytes("abc");

        batch.add(1_000, first);
        batch.add(1_003, bytes("defg"));

        assertThat(first.hasRemaining()).as("a piece is consumed").isFalse();
        assertThat(batch.start()).isEqualTo(1_000);
        assertThat(batch.end()).isEqualTo(1_007);
        assertThat(batch.room()).isEqualTo(9);
        assertThat(text(batch.bytes())).isEqualTo("abcdefg");
        assertThat(text(batch.bytes())).as("reading the bytes leaves them in the batch").isEqualTo("abcdefg");
    }

    @Test
    void aClearedBatchStartsAgainAnywhere() {
        AppendBatch batch = new AppendBatch(8);
        batch.add(0, bytes("12345678"));
        assertThat(batch.room()).isZero();

        batch.clear();

        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.room()).isEqualTo(8);
        batch.add(77, bytes("x"));
        assertThat(batch.start()).isEqualTo(77);
        assertThat(text(batch.bytes())).isEqualTo("x");
    }

    @Test
    void refusesAGapAnOverflowAndTheStartOfNothing() {
        AppendBatch batch = new AppendBatch(4);
        assertThatThrownBy(batch::start).hasMessageContaining("empty batch");
        batch.add(10, bytes("ab"));

        assertThatThrownBy(() -> batch.add(13, bytes("c"))).hasMessageContaining("bytes at 13 do not continue the batch ending at 12");
        assertThatThrownBy(() -> batch.add(12, bytes("cde"))).hasMessageContaining("3 bytes do not fit in the 2 left");
        assertThat(text(batch.bytes())).isEqualTo("ab");
    }
}
