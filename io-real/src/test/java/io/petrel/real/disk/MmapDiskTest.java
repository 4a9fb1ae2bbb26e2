package io.petrel.real.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import io.petrel.env.Env;
import io.petrel.real.RealSeamHarness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the real disk does beyond the shared contract: real files, bounds, closed handles, space. */
class MmapDiskTest {

    private static final long WAIT_MS = 10_000;

    private RealSeamHarness harness;
    private Env node;
    private Disk disk;
    private String root;

    @BeforeEach
    void startNode() {
        harness = new RealSeamHarness();
        node = harness.startNode("disk");
        disk = node.disk();
        root = harness.diskRoot(node);
    }

    @AfterEach
    void stopNode() {
        harness.close();
    }

    private <T> T loop(Supplier<T> action) {
        return harness.onLoop(node, action);
    }

    private String path(String name) {
        return DiskPaths.join(root, name);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static DiskException.Kind kindOf(Throwable t) {
        return ((DiskException) t).kind();
    }

    @Test
    void writesLandInTheRealFile() throws IOException {
        loop(() -> {
            DiskFile f = disk.create(path("real"), 16);
            f.write(3, bytes("petrel"));
            f.close();
            return null;
        });
        byte[] onDisk = Files.readAllBytes(Path.of(path("real")));
        assertThat(onDisk).hasSize(16);
        assertThat(new String(onDisk, 3, 6, StandardCharsets.UTF_8)).isEqualTo("petrel");
    }

    @Test
    void aWritePastTheEndFailsWithoutWritingOrConsumingAnything() {
        DiskFile f = loop(() -> disk.create(path("bounded"), 4096));
        ByteBuffer src = bytes("0123456789");
        assertThatThrownBy(() -> loop(() -> {
            f.write(4090, src);
            return null;
        })).satisfies(e -> assertThat(kindOf(e)).isEqualTo(DiskException.Kind.OUT_OF_BOUNDS))
                .hasMessageContaining(path("bounded"));
        assertThat(src.remaining()).isEqualTo(10);
        ByteBuffer tail = ByteBuffer.allocate(6);
        loop(() -> {
            f.read(4090, tail);
            return null;
        });
        assertThat(tail.array()).containsOnly(0);
        assertThatThrownBy(() -> loop(() -> {
            f.write(Long.MAX_VALUE, bytes("x"));
            return null;
        })).satisfies(e -> assertThat(kindOf(e)).isEqualTo(DiskException.Kind.OUT_OF_BOUNDS));
    }

    @Test
    void aWriteEndingExactlyAtTheEndFits() {
        DiskFile f = loop(() -> disk.create(path("exact"), 10));
        ByteBuffer src = bytes("0123456789");
        loop(() -> {
            f.write(0, src);
            f.write(10, ByteBuffer.allocate(0));
            return null;
        });
        assertThat(src.remaining()).isZero();
    }

    @Test
    void forceOnAClosedFileIsRefused() {
        DiskFile f = loop(() -> disk.create(path("closed"), 100));
        loop(() -> {
            f.close();
            return null;
        });
        assertThatThrownBy(() -> loop(() -> {
            f.force(failure -> { });
            return null;
        })).satisfies(e -> assertThat(kindOf(e)).isEqualTo(DiskException.Kind.CLOSED));
        assertThatThrownBy(() -> loop(() -> f.slice(0, 1)))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(DiskException.Kind.CLOSED));
    }

    @Test
    void aForceInFlightWhenTheHandleClosesStillReports() {
        AtomicBoolean completed = new AtomicBoolean();
        AtomicReference<DiskException> outcome = new AtomicReference<>();
        loop(() -> {
            DiskFile f = disk.create(path("closing"), 8192);
            f.write(0, bytes("durable"));
            f.force(failure -> {
                outcome.set(failure);
                completed.set(true);
            });
            f.close();
            return null;
        });
        harness.await("force completion", completed::get, WAIT_MS);
        assertThat(outcome.get()).isNull();
    }

    @Test
    void aFileBeyondTheUsableSpaceIsRefusedBeforeAnythingIsCreated() {
        long tooBig = loop(disk::usableSpaceBytes) + 1;
        assertThatThrownBy(() -> loop(() -> disk.create(path("new-dir/sub/huge"), tooBig)))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(DiskException.Kind.NO_SPACE));
        assertThat(loop(() -> disk.exists(path("new-dir")))).isFalse();
    }

    @Test
    void aFileLargerThanOneMappingIsRefusedWithoutCreatingIt() {
        long threeGiB = 3L << 30;
        assumeTrue(loop(disk::usableSpaceBytes) > threeGiB, "needs room for a 3 GiB sparse file");
        assertThatThrownBy(() -> loop(() -> disk.create(path("too-big-to-map"), threeGiB)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(Integer.MAX_VALUE));
        assertThat(loop(() -> disk.exists(path("too-big-to-map")))).isFalse();
    }

    @Test
    void syncingAMissingDirectoryReportsNotFound() {
        AtomicReference<DiskException> outcome = new AtomicReference<>();
        loop(() -> {
            disk.syncDirectory(path("nowhere"), outcome::set);
            return null;
        });
        harness.await("directory sync outcome", () -> outcome.get() != null, WAIT_MS);
        assertThat(outcome.get().kind()).isEqualTo(DiskException.Kind.NOT_FOUND);
    }

    @Test
    void deletingANonEmptyDirectoryIsAnError() {
        loop(() -> {
            disk.create(path("full/file"), 1).close();
            return null;
        });
        assertThatThrownBy(() -> loop(() -> disk.delete(path("full"))))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(DiskException.Kind.IO_ERROR))
                .hasMessageContaining("not empty");
        assertThat(loop(() -> disk.exists(path("full/file")))).isTrue();
    }

    @Test
    void renamingAMissingFileReportsNotFound() {
        assertThatThrownBy(() -> loop(() -> {
            disk.rename(path("ghost"), path("anything"));
            return null;
        })).satisfies(e -> assertThat(kindOf(e)).isEqualTo(DiskException.Kind.NOT_FOUND));
    }

    @Test
    void callsFromOffTheLoopAreRefused() {
        DiskFile f = loop(() -> disk.create(path("confined"), 10));
        assertThatThrownBy(() -> f.write(0, bytes("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disk");
        assertThatThrownBy(() -> disk.list(root)).isInstanceOf(IllegalStateException.class);
        assertThat(f.isOpen()).isTrue();
        assertThat(f.size()).isEqualTo(10);
    }

    /**
     * Found by bin/chaos on a slave whose store was a full tmpfs: a write reaching a new page went
     * through a channel and failed for want of space, but the page already counted as written, so
     * the retry stored into the mapping, the kernel had no page to give it (SIGBUS), and the JVM's
     * InternalError surfaced later, outside the write, after the commit log had moved its end past
     * bytes never written: the slave's log held a hole of zeros. A page counts only once a write
     * into it succeeded, so every retry fails the same clean way until there is space again.
     */
    @Test
    void aWriteIntoAPageTheFileSystemCannotGiveFailsCleanlyUntilThereIsSpace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path mount = Path.of(path("tmpfs"));
        Files.createDirectories(mount);
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString());
        try {
            String file = DiskPaths.join(mount.toString(), "log");
            DiskFile f = loop(() -> disk.create(file, 64 * 1024));
            loop(() -> {
                f.write(0, ByteBuffer.wrap(new byte[100]));
                return null;
            });
            var store = Files.getFileStore(mount);
            run("mount", "-o", "remount,size=" + (store.getTotalSpace() - store.getUnallocatedSpace()), mount.toString());
            for (int attempt = 0; attempt < 3; attempt++) {
                Throwable failure = catchWrite(f, 4090, "crosses into page 1");
                assertThat(failure).as("attempt %d", attempt).isInstanceOf(DiskException.class);
                assertThat(failure.getMessage()).as("attempt %d", attempt).contains("No space left");
            }
            run("mount", "-o", "remount,size=1m", mount.toString());
            assertThat(catchWrite(f, 4090, "crosses into page 1")).isNull();
            ByteBuffer back = ByteBuffer.allocate(19);
            loop(() -> {
                f.read(4090, back);
                f.close();
                return null;
            });
            assertThat(new String(back.array(), StandardCharsets.UTF_8)).isEqualTo("crosses into page 1");
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private Throwable catchWrite(DiskFile f, long position, String text) {
        return loop(() -> {
            try {
                f.write(position, bytes(text));
                return null;
            } catch (DiskException e) {
                return e;
            }
        });
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
