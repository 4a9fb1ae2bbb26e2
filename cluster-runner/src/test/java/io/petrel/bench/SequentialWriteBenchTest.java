package io.petrel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequentialWriteBenchTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryByteIncludingAPartialLastChunk() throws Exception {
        Path file = Files.createFile(dir.resolve("raw"));
        long bytes = 3L * SequentialWriteBench.CHUNK_BYTES + 5;

        long nanos = SequentialWriteBench.writeAndForce(file, bytes);

        assertThat(nanos).isPositive();
        assertThat(Files.size(file)).isEqualTo(bytes);
        byte[] head = new byte[64];
        System.arraycopy(Files.readAllBytes(file), 0, head, 0, head.length);
        assertThat(head).as("random bytes, not zeros a device could skip").isNotEqualTo(new byte[64]);
    }

    @Test
    void aRunLeavesNoFileBehindAndNotesEveryRunInOrder() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchOutput out = new BenchOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));

        double median = new SequentialWriteBench(dir).median(2_000_000, 3, out);

        assertThat(median).isPositive();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("# raw sequential write (2 MB in 1 MiB writes, then fdatasync; as dd conv=fdatasync): runs ")
                .contains("the median counts");
        assertThat(SequentialWriteBench.describe(5_000_000, new double[] {300.4, 120, 999.6}))
                .contains("runs 300, 120, 1000 MB/s");
    }

    @Test
    void refusesNothingToWriteAndAnEvenNumberOfRuns() {
        SequentialWriteBench bench = new SequentialWriteBench(dir);
        BenchOutput out = new BenchOutput(System.out);

        assertThatThrownBy(() -> bench.mbPerSecond(0)).hasMessageContaining("not 0");
        assertThatThrownBy(() -> bench.median(1_000, 2, out)).hasMessageContaining("not 2");
    }
}
