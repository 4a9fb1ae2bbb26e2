package io.petrel.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The replication stream has no boundaries: whatever way the bytes are cut into chunks, both
 * readers see the same reports and transfers, in order. Plus the captured 4.9.8 vectors.
 */
class HaStreamReadersProperties {

    private static List<ByteBuffer> cut(byte[] stream, long seed) {
        Random random = new Random(seed);
        List<ByteBuffer> chunks = new ArrayList<>();
        for (int at = 0; at < stream.length; ) {
            // Tiny, middling and large chunks: a large one holds whole transfers, which the reader slices.
            int[] bounds = {7, 5_000, 120_000};
            int n = Math.min(stream.length - at, 1 + random.nextInt(bounds[random.nextInt(bounds.length)]));
            chunks.add(ByteBuffer.wrap(stream, at, n).slice());
            at += n;
        }
        return chunks;
    }

    @Property(tries = 200)
    void reportsSurviveAnyChunking(@ForAll @Size(max = 40) List<@IntRange(min = 0) Long> offsets, @ForAll long seed) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        offsets.forEach(o -> stream.writeBytes(HaFormat.report(o).array()));
        ReportReader reader = new ReportReader();
        List<Long> seen = new ArrayList<>();
        for (ByteBuffer chunk : cut(stream.toByteArray(), seed)) {
            reader.feed(chunk, seen::add);
        }
        assertThat(seen).containsExactlyElementsOf(offsets);
    }

    @Property(tries = 200)
    void transfersSurviveAnyChunking(@ForAll @Size(max = 12) List<@IntRange(max = 40_000) Integer> sizes,
            @ForAll long seed) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<byte[]> sent = new ArrayList<>();
        Random random = new Random(seed);
        long offset = 0;
        for (int size : sizes) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            sent.add(data);
            stream.writeBytes(toArray(HaFormat.transfer(offset, ByteBuffer.wrap(data))));
            offset += size;
        }
        TransferReader reader = new TransferReader();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long[] next = {0};
        for (ByteBuffer chunk : cut(stream.toByteArray(), ~seed)) {
            reader.feed(chunk, (at, data) -> {
                assertThat(at).as("each piece starts where the last one ended").isEqualTo(next[0]);
                next[0] += data.remaining();
                received.writeBytes(toArray(data));
                return true;
            });
        }
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        sent.forEach(bodies::writeBytes);
        assertThat(received.toByteArray()).isEqualTo(bodies.toByteArray());
        assertThat(next[0]).isEqualTo(offset);
    }

    @Test
    void readsTheCapturedApacheExchange() throws Exception {
        // vectors/store/ha_slave_first_report.hex, ha_master_heartbeat.hex (docs/protocol.md §7.1)
        List<Long> reports = new ArrayList<>();
        new ReportReader().feed(ByteBuffer.wrap(hex("0000000000000237")), reports::add);
        assertThat(reports).containsExactly(0x237L);
        List<String> transfers = new ArrayList<>();
        new TransferReader().feed(ByteBuffer.wrap(hex("000000000000023700000000")), (at, data) -> {
            transfers.add(at + ":" + data.remaining());
            return true;
        });
        assertThat(transfers).containsExactly("567:0");
        assertThat(toArray(HaFormat.heartbeat(0x237))).isEqualTo(hex("000000000000023700000000"));
    }

    @Test
    void bodiesAreHandedOnAsSlicesOfTheChunksTheyArrivedInNeverCopied() throws Exception {
        byte[] first = new byte[32 * 1024];
        byte[] second = new byte[32 * 1024];
        new Random(7).nextBytes(first);
        new Random(8).nextBytes(second);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(toArray(HaFormat.transfer(0, ByteBuffer.wrap(first))));
        stream.writeBytes(toArray(HaFormat.transfer(first.length, ByteBuffer.wrap(second))));
        byte[] bytes = stream.toByteArray();
        // One chunk holds the first transfer and half of the second.
        ByteBuffer chunk = ByteBuffer.wrap(bytes, 0, 12 + first.length + 12 + second.length / 2).slice();
        List<ByteBuffer> seen = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        TransferReader reader = new TransferReader();
        reader.feed(chunk, (at, data) -> offsets.add(at) && seen.add(data));
        assertThat(seen).hasSize(2);
        assertThat(seen).allSatisfy(b -> assertThat(b.array()).as("a slice of the chunk").isSameAs(chunk.array()));
        assertThat(toArray(seen.get(0))).isEqualTo(first);
        assertThat(toArray(seen.get(1))).isEqualTo(Arrays.copyOf(second, second.length / 2));
        ByteBuffer rest = ByteBuffer.wrap(bytes, chunk.limit(), bytes.length - chunk.limit()).slice();
        reader.feed(rest, (at, data) -> offsets.add(at) && seen.add(data));
        assertThat(seen).hasSize(3);
        assertThat(seen.get(2).array()).as("the rest, a slice of its own chunk").isSameAs(rest.array());
        assertThat(toArray(seen.get(2))).isEqualTo(Arrays.copyOfRange(second, second.length / 2, second.length));
        assertThat(offsets).containsExactly(0L, (long) first.length, (long) first.length + second.length / 2);
    }

    @Test
    void aHeaderAnnouncingAnAbsurdSizeBreaksTheStream() {
        ByteBuffer header = ByteBuffer.allocate(12).putLong(0).putInt(HaFormat.MAX_TRANSFER_BYTES + 1).flip();
        assertThatThrownBy(() -> new TransferReader().feed(header, (at, data) -> true))
                .isInstanceOf(TransferReader.BrokenStream.class).hasMessageContaining("announces");
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] hex(String text) {
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
