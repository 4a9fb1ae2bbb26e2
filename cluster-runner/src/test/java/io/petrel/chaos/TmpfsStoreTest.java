package io.petrel.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos run's disk-full fault on a broker's tmpfs store: full, a write that needs a new page fails
 * with "no space"; restored, it succeeds; unmounted, the files are on the real disk. Needs root to
 * mount (the machines this project runs on are root); elsewhere it is skipped, and so is the fault.
 */
class TmpfsStoreTest {

    @TempDir
    Path dir;

    @Test
    void aFullStoreRefusesNewPagesUntilRestoredAndIsKeptOnUnmount() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path store = dir.resolve("store").resolve("broker-a");
        TmpfsStore tmpfs = TmpfsStore.mount(store);
        try {
            Files.write(store.resolve("before"), new byte[100_000]);
            tmpfs.fill();
            assertThat(tmpfs.isFull()).isTrue();
            assertThatThrownBy(() -> Files.write(store.resolve("during"), new byte[1 << 20]))
                    .isInstanceOf(IOException.class).hasMessageContaining("No space left");
            tmpfs.restore();
            Files.write(store.resolve("after"), new byte[1 << 20]);
        } finally {
            tmpfs.unmount();
        }
        assertThat(Files.size(store.resolve("before"))).isEqualTo(100_000);
        assertThat(Files.size(store.resolve("after"))).isEqualTo(1 << 20);
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(store.toString());
    }
}
