package io.petrel.env.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import io.petrel.env.Env;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Disk} contract. Subclasses in io-sim and io-real supply the runtime; every test here
 * must pass unchanged against both.
 */
public abstract class DiskContract {

    private static final long WAIT_MS = 10_000;

    protected abstract SeamHarness newHarness();

    private SeamHarness harness;
    private Env node;
    private Disk disk;
    private String root;

    @BeforeEach
    void startNode() {
        harness = newHarness();
        node = harness.startNode("disk-node");
        disk = node.disk();
        root = harness.diskRoot(node);
    }

    @AfterEach
    void stopNode() {
        harness.close();
    }

    private String path(String name) {
        return DiskPaths.join(root, name);
    }

    private <T> T loop(Supplier<T> action) {
        return harness.onLoop(node, action);
    }

    private void loop(Runnable action) {
        harness.onLoop(node, action);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(DiskFile f, long position, int length) {
        ByteBuffer dst = ByteBuffer.allocate(length);
        f.read(position, dst);
        return new String(dst.array(), StandardCharsets.UTF_8);
    }

    private void assertDiskError(DiskException.Kind kind, ThrowingCallable call) {
        assertThatThrownBy(() -> loop(() -> {
            try {
                call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        })).isInstanceOfSatisfying(DiskException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void createdFileHasItsFixedSizeAndReadsAsZeros() {
        DiskFile f = loop(() -> disk.create(path("a/b/zeros"), 10_000));
        assertThat(f.size()).isEqualTo(10_000);
        assertThat(f.path()).isEqualTo(path("a/b/zeros"));
        ByteBuffer all = ByteBuffer.allocate(10_000);
        loop(() -> f.read(0, all));
        assertThat(all.array()).containsOnly(0);
        assertThat(loop(() -> disk.isDirectory(path("a/b")))).isTrue();
    }

    @Test
    void writesAreSeenByReadsSlicesAndOtherHandles() {
        DiskFile f = loop(() -> disk.create(path("data"), 1 << 20));
        loop(() -> {
            f.write(0, bytes("hello"));
            f.write(4096 - 2, bytes("across-a-page"));
            f.write((1 << 20) - 3, bytes("end"));
        });
        assertThat(loop(() -> read(f, 0, 5))).isEqualTo("hello");
        assertThat(loop(() -> read(f, 4094, 13))).isEqualTo("across-a-page");
        assertThat(loop(() -> read(f, (1 << 20) - 3, 3))).isEqualTo("end");
        ByteBuffer slice = loop(() -> f.slice(4094, 13));
        assertThat(slice.isReadOnly()).isTrue();
        assertThat(slice.remaining()).isEqualTo(13);
        byte[] sliced = new byte[13];
        slice.get(sliced);
        assertThat(new String(sliced, StandardCharsets.UTF_8)).isEqualTo("across-a-page");

        DiskFile second = loop(() -> disk.open(path("data")));
        assertThat(second.size()).isEqualTo(1 << 20);
        assertThat(loop(() -> read(second, 0, 5))).isEqualTo("hello");
    }

    /**
     * Long writes (io-real sends them through a file channel, short ones into the mapping) and short
     * ones over and inside them, from heap and direct buffers at any position, read back as the last
     * write left them, on this handle, another one and after a reopen.
     */
    @Test
    void longAndShortWritesOverEachOtherReadBackAsTheLastOneLeftThem() {
        byte[] expected = new byte[64 * 1024];
        DiskFile f = loop(() -> disk.create(path("mixed"), expected.length));
        Random random = new Random(16);
        loop(() -> {
            for (int i = 0; i < 200; i++) {
                int length = i % 3 == 0 ? 4096 + random.nextInt(20_000) : 1 + random.nextInt(4095);
                int at = random.nextInt(expected.length - length + 1);
                byte[] content = new byte[length + 7];
                random.nextBytes(content);
                ByteBuffer src = i % 2 == 0 ? ByteBuffer.wrap(content)
                        : ByteBuffer.allocateDirect(content.length).put(content).flip();
                src.position(7);
                f.write(at, src);
                assertThat(src.hasRemaining()).as("a write takes all of its source").isFalse();
                System.arraycopy(content, 7, expected, at, length);
            }
        });
        ByteBuffer all = ByteBuffer.allocate(expected.length);
        loop(() -> f.read(0, all));
        assertThat(all.array()).isEqualTo(expected);
        ByteBuffer slice = loop(() -> f.slice(1000, 30_000));
        byte[] sliced = new byte[30_000];
        slice.get(sliced);
        assertThat(sliced).isEqualTo(Arrays.copyOfRange(expected, 1000, 31_000));
        loop(() -> f.close());
        DiskFile again = loop(() -> disk.open(path("mixed")));
        ByteBuffer reopened = ByteBuffer.allocate(expected.length);
        loop(() -> again.read(0, reopened));
        assertThat(reopened.array()).isEqualTo(expected);
    }

    @Test
    void writeThatDoesNotFitFailsAndWritesNothing() {
        DiskFile f = loop(() -> disk.create(path("small"), 100));
        assertDiskError(DiskException.Kind.OUT_OF_BOUNDS, () -> f.write(95, bytes("0123456789")));
        assertDiskError(DiskException.Kind.OUT_OF_BOUNDS, () -> f.write(-1, bytes("x")));
        assertThat(loop(() -> read(f, 90, 10))).isEqualTo("\0".repeat(10));
        assertDiskError(DiskException.Kind.OUT_OF_BOUNDS, () -> f.read(95, ByteBuffer.allocate(10)));
        assertDiskError(DiskException.Kind.OUT_OF_BOUNDS, () -> f.slice(95, 10));
    }

    @Test
    void openingAMissingFileAndCreatingAnExistingOneFail() {
        assertDiskError(DiskException.Kind.NOT_FOUND, () -> disk.open(path("missing")));
        loop(() -> disk.create(path("exists"), 10).close());
        assertDiskError(DiskException.Kind.ALREADY_EXISTS, () -> disk.create(path("exists"), 10));
        assertThat(loop(() -> disk.exists(path("exists")))).isTrue();
        assertThat(loop(() -> disk.exists(path("missing")))).isFalse();
    }

    @Test
    void listGivesSortedNamesAndNothingForAMissingDirectory() {
        loop(() -> {
            disk.create(path("dir/00000000000000001024"), 10).close();
            disk.create(path("dir/00000000000000000000"), 10).close();
            disk.createDirectories(path("dir/sub"));
        });
        assertThat(loop(() -> disk.list(path("dir"))))
                .containsExactly("00000000000000000000", "00000000000000001024", "sub");
        assertThat(loop(() -> disk.list(path("nowhere")))).isEmpty();
    }

    @Test
    void renameReplacesTheTargetAtomically() {
        loop(() -> {
            DiskFile old = disk.create(path("config.json"), 3);
            old.write(0, bytes("old"));
            old.close();
            DiskFile tmp = disk.create(path("config.json.tmp"), 5);
            tmp.write(0, bytes("fresh"));
            tmp.close();
            disk.rename(path("config.json.tmp"), path("config.json"));
        });
        assertThat(loop(() -> disk.exists(path("config.json.tmp")))).isFalse();
        DiskFile f = loop(() -> disk.open(path("config.json")));
        assertThat(f.size()).isEqualTo(5);
        assertThat(loop(() -> read(f, 0, 5))).isEqualTo("fresh");
    }

    @Test
    void deleteRemovesAFileAndReportsWhetherItDid() {
        loop(() -> disk.create(path("victim"), 10).close());
        assertThat(loop(() -> disk.delete(path("victim")))).isTrue();
        assertThat(loop(() -> disk.delete(path("victim")))).isFalse();
        assertThat(loop(() -> disk.exists(path("victim")))).isFalse();
        assertDiskError(DiskException.Kind.NOT_FOUND, () -> disk.open(path("victim")));
    }

    @Test
    void forceCompletesLaterOnTheLoop() {
        DiskFile f = loop(() -> disk.create(path("forced"), 8192));
        AtomicReference<DiskException> outcome = new AtomicReference<>();
        AtomicBoolean completed = new AtomicBoolean();
        AtomicBoolean inline = new AtomicBoolean();
        AtomicBoolean offLoop = new AtomicBoolean();
        loop(() -> {
            f.write(0, bytes("durable"));
            f.force(failure -> {
                outcome.set(failure);
                offLoop.set(!harness.isLoopThread(node));
                completed.set(true);
            });
            inline.set(completed.get());
        });
        harness.await("force completion", completed::get, WAIT_MS);
        assertThat(inline).as("force completed inline").isFalse();
        assertThat(offLoop).as("force completed off the loop").isFalse();
        assertThat(outcome.get()).isNull();
    }

    @Test
    void syncDirectoryCompletes() {
        loop(() -> disk.create(path("named"), 10).close());
        AtomicBoolean completed = new AtomicBoolean();
        AtomicReference<DiskException> outcome = new AtomicReference<>();
        loop(() -> disk.syncDirectory(root, failure -> {
            outcome.set(failure);
            completed.set(true);
        }));
        harness.await("directory sync", completed::get, WAIT_MS);
        assertThat(outcome.get()).isNull();
    }

    /** The tail reads as zeros from the position on, on this handle, another and after a force; the head is kept. */
    @Test
    void zeroTailZeroesFromThePositionToTheEndAndKeepsWhatIsBefore() {
        int size = 64 * 1024;
        DiskFile f = loop(() -> disk.create(path("tail"), size));
        loop(() -> {
            f.write(0, bytes("head-bytes"));
            f.write(5000, bytes("cut-in-its-page"));
            f.write(40_000, bytes("far-in-the-tail"));
            f.write(size - 3, bytes("end"));
        });
        int zeroed = loop(() -> f.zeroTail(5003));
        assertThat(zeroed).as("pages zeroed that held data").isBetween(1, 3);
        assertThat(loop(() -> read(f, 0, 10))).isEqualTo("head-bytes");
        assertThat(loop(() -> read(f, 5000, 3))).isEqualTo("cut");
        byte[] tail = new byte[size - 5003];
        loop(() -> f.read(5003, ByteBuffer.wrap(tail)));
        assertThat(tail).containsOnly((byte) 0);
        assertThat(f.size()).isEqualTo(size);
        AtomicBoolean forced = new AtomicBoolean();
        loop(() -> f.force(failure -> forced.set(failure == null)));
        harness.await("force after zeroTail", forced::get, WAIT_MS);
        DiskFile again = loop(() -> disk.open(path("tail")));
        assertThat(again.size()).isEqualTo(size);
        byte[] reread = new byte[size - 5003];
        loop(() -> again.read(5003, ByteBuffer.wrap(reread)));
        assertThat(reread).containsOnly((byte) 0);
        loop(() -> {
            f.write(40_000, bytes("written-again"));
        });
        assertThat(loop(() -> read(again, 40_000, 13))).isEqualTo("written-again");
    }

    /** Unsynced directories are there at once, for files and listing, and their parents sync as any directory. */
    @Test
    void unsyncedDirectoriesAreUsableAtOnceAndTheirParentsSync() {
        loop(() -> {
            disk.createDirectoriesUnsynced(path("topic/0"));
            disk.createDirectoriesUnsynced(path("topic/0"));
            disk.create(path("topic/0/00000000000000000000"), 20).close();
        });
        assertThat(loop(() -> disk.isDirectory(path("topic/0")))).isTrue();
        assertThat(loop(() -> disk.list(path("topic")))).containsExactly("0");
        assertThat(loop(() -> disk.list(path("topic/0")))).containsExactly("00000000000000000000");
        AtomicBoolean completed = new AtomicBoolean();
        AtomicReference<DiskException> outcome = new AtomicReference<>();
        loop(() -> disk.syncDirectory(path("topic"), failure -> {
            outcome.set(failure);
            completed.set(true);
        }));
        harness.await("directory sync", completed::get, WAIT_MS);
        assertThat(outcome.get()).isNull();
    }

    @Test
    void aClosedHandleRefusesEverything() {
        DiskFile f = loop(() -> disk.create(path("closed"), 100));
        loop(() -> {
            f.close();
            f.close();
        });
        assertThat(f.isOpen()).isFalse();
        assertDiskError(DiskException.Kind.CLOSED, () -> f.write(0, bytes("x")));
        assertDiskError(DiskException.Kind.CLOSED, () -> f.read(0, ByteBuffer.allocate(1)));
        assertDiskError(DiskException.Kind.CLOSED, () -> f.force(failure -> { }));
    }

    @Test
    void aFileLargerThanTheFreeSpaceIsRefused() {
        long tooBig = loop(() -> disk.usableSpaceBytes()) + (1L << 40);
        assertDiskError(DiskException.Kind.NO_SPACE, () -> disk.create(path("huge"), tooBig));
        assertThat(loop(() -> disk.exists(path("huge")))).isFalse();
        assertThat(loop(() -> disk.totalSpaceBytes())).isPositive();
    }

    @Test
    void aReopenedFileKeepsItsContent() {
        loop(() -> {
            DiskFile f = disk.create(path("kept"), 4096);
            f.write(100, bytes("still here"));
            f.close();
        });
        DiskFile again = loop(() -> disk.open(path("kept")));
        assertThat(loop(() -> read(again, 100, 10))).isEqualTo("still here");
    }
}
