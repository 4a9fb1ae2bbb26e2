package io.petrel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.Disk;
import io.petrel.env.DiskFile;
import io.petrel.env.RandomSource;
import io.petrel.env.SplitMix64;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The disk's durability model against an independent model of what each crash may keep.
 *
 * <p>Random creates, writes, forces, renames, deletes and directory syncs, then a process crash
 * or a power loss at a random moment. Afterwards:
 * <ul>
 *   <li>process crash: every file has exactly the bytes last written to it;</li>
 *   <li>power loss: exactly the names of the last completed directory sync exist; every page
 *       covered by a completed force, and not written since, is intact; every other page holds
 *       either its durable content or its newest content, nothing else (torn pages appear only
 *       where data was not forced).</li>
 * </ul>
 */
class DurabilityModelProperties {

    private static final int PAGE = Inode.PAGE;
    private static final String DIR = "/d";
    private static final String[] NAMES = {"a", "b", "c", "d"};

    /** The model of one file: what a process sees and what is durable, page by page. */
    static final class FileModel {
        final byte[] current;
        final byte[] durable;
        final long[] writtenAt;
        long generation;
        DiskFile handle;

        FileModel(int size) {
            current = new byte[size];
            durable = new byte[size];
            writtenAt = new long[(size + PAGE - 1) / PAGE];
            forcedUpTo = new long[writtenAt.length];
        }

        int pages() {
            return writtenAt.length;
        }

        byte[] page(byte[] bytes, int page) {
            return Arrays.copyOfRange(bytes, page * PAGE, Math.min(bytes.length, (page + 1) * PAGE));
        }

        final long[] forcedUpTo;
    }

    private final Map<String, FileModel> names = new LinkedHashMap<>();
    private final Map<String, FileModel> durableNames = new LinkedHashMap<>();

    private int forcedPagesChecked;
    private int tornPagesSeen;

    @Property(tries = 300)
    void crashKeepsWhatTheModelPromises(@ForAll long seed) {
        runOne(seed);
    }

    /** The property is worthless if its seeds never tear a page or never check a forced one. */
    @org.junit.jupiter.api.Test
    void seedsExerciseTornAndForcedPages() {
        for (long seed = 1; seed <= 150; seed++) {
            runOne(seed);
        }
        assertThat(tornPagesSeen).as("pages torn by power losses").isPositive();
        assertThat(forcedPagesChecked).as("forced pages checked after power losses").isPositive();
    }

    private void runOne(long seed) {
        names.clear();
        durableNames.clear();
        RandomSource random = new SplitMix64(seed);
        try (Simulator sim = new Simulator(seed)) {
            SimNode node = sim.addNode("n", "10.0.0.1", env -> new SimSeamHarness.IdleNode());
            node.start();
            sim.runFor(1);
            Disk disk = node.env().disk();
            int steps = 20 + random.nextInt(60);
            for (int i = 0; i < steps; i++) {
                act(sim, disk, random);
            }
            boolean powerLoss = random.nextBoolean();
            node.crash(powerLoss ? CrashKind.POWER_LOSS : CrashKind.PROCESS);
            node.restart();
            sim.runFor(1);
            Disk after = node.env().disk();
            if (powerLoss) {
                tornPagesSeen += node.disk().pagesTorn();
                checkPowerLoss(after, seed);
            } else {
                checkProcessCrash(after, seed);
            }
        }
    }

    private void act(Simulator sim, Disk disk, RandomSource random) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String path = DIR + "/" + name;
        FileModel file = names.get(path);
        switch (random.nextInt(9)) {
            case 0 -> {
                if (file == null) {
                    int size = 1 + random.nextInt(5 * PAGE);
                    FileModel created = new FileModel(size);
                    created.handle = disk.create(path, size);
                    names.put(path, created);
                }
            }
            case 1, 2, 3 -> {
                if (file != null) {
                    write(file, random);
                }
            }
            case 4, 5 -> {
                if (file != null) {
                    force(file);
                }
            }
            case 6 -> syncDirectory(disk);
            case 7 -> {
                String target = DIR + "/" + NAMES[random.nextInt(NAMES.length)];
                if (file != null && !target.equals(path)) {
                    disk.rename(path, target);
                    names.remove(path);
                    names.put(target, file);
                }
            }
            default -> {
                if (file != null && random.nextInt(3) == 0) {
                    disk.delete(path);
                    names.remove(path);
                } else {
                    sim.runFor(random.nextInt(5));
                }
            }
        }
    }

    private static void write(FileModel file, RandomSource random) {
        int size = file.current.length;
        int position = random.nextInt(size);
        int length = 1 + random.nextInt(Math.min(size - position, 2 * PAGE));
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        file.handle.write(position, ByteBuffer.wrap(data));
        System.arraycopy(data, 0, file.current, position, length);
        file.generation++;
        for (int p = position / PAGE; p <= (position + length - 1) / PAGE; p++) {
            file.writtenAt[p] = file.generation;
        }
    }

    /** A completed force makes each page's snapshot durable unless newer content already is. */
    private static void force(FileModel file) {
        byte[] snapshot = file.current.clone();
        long[] snapshotWrittenAt = file.writtenAt.clone();
        file.handle.force(failure -> {
            assertThat(failure).isNull();
            for (int p = 0; p < file.pages(); p++) {
                if (snapshotWrittenAt[p] > file.forcedUpTo[p]) {
                    byte[] page = file.page(snapshot, p);
                    System.arraycopy(page, 0, file.durable, p * PAGE, page.length);
                    file.forcedUpTo[p] = snapshotWrittenAt[p];
                }
            }
        });
    }

    private void syncDirectory(Disk disk) {
        Map<String, FileModel> snapshot = new LinkedHashMap<>(names);
        disk.syncDirectory(DIR, failure -> {
            assertThat(failure).isNull();
            durableNames.clear();
            durableNames.putAll(snapshot);
        });
    }

    private void checkProcessCrash(Disk disk, long seed) {
        assertThat(disk.list(DIR)).as("names after process crash, seed %d", seed)
                .containsExactlyInAnyOrderElementsOf(shortNames(names));
        for (Map.Entry<String, FileModel> e : names.entrySet()) {
            byte[] actual = readAll(disk, e.getKey());
            assertThat(actual).as("bytes of %s after process crash, seed %d", e.getKey(), seed)
                    .isEqualTo(e.getValue().current);
        }
    }

    private void checkPowerLoss(Disk disk, long seed) {
        assertThat(disk.list(DIR)).as("names after power loss, seed %d", seed)
                .containsExactlyInAnyOrderElementsOf(shortNames(durableNames));
        for (Map.Entry<String, FileModel> e : durableNames.entrySet()) {
            FileModel file = e.getValue();
            byte[] actual = readAll(disk, e.getKey());
            for (int p = 0; p < file.pages(); p++) {
                byte[] got = file.page(actual, p);
                byte[] newest = file.page(file.current, p);
                byte[] durable = file.page(file.durable, p);
                if (file.writtenAt[p] <= file.forcedUpTo[p]) {
                    forcedPagesChecked++;
                    assertThat(got).as("forced page %d of %s after power loss, seed %d", p, e.getKey(), seed)
                            .isEqualTo(newest);
                } else {
                    assertThat(Arrays.equals(got, newest) || Arrays.equals(got, durable))
                            .as("unforced page %d of %s holds neither old nor new content, seed %d", p, e.getKey(), seed)
                            .isTrue();
                }
            }
        }
    }

    private static byte[] readAll(Disk disk, String path) {
        DiskFile f = disk.open(path);
        ByteBuffer all = ByteBuffer.allocate((int) f.size());
        f.read(0, all);
        f.close();
        return all.array();
    }

    private static List<String> shortNames(Map<String, FileModel> map) {
        List<String> result = new ArrayList<>();
        map.keySet().forEach(p -> result.add(p.substring(DIR.length() + 1)));
        return result;
    }
}
