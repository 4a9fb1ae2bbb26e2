package io.petrel.sim;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.petrel.env.Disk;
import io.petrel.env.DiskCallback;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import io.petrel.env.RandomSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A machine's disk in simulation, stored in an in-memory Jimfs file system, with a durability
 * model.
 *
 * <p>Fault model:
 * <ul>
 *   <li><b>Process crash</b>: every written byte survives (the page cache belongs to the kernel);
 *       open handles die; pending force and directory-sync callbacks are never delivered.</li>
 *   <li><b>Power loss</b>: a file's bytes are what completed forces made durable, except that each
 *       4 KiB page written since its last force holds, as the seed decides, either its old durable
 *       content or its new content. File names created, renamed or deleted since the last completed
 *       {@link #syncDirectory} of their directory revert. Directories are durable when created,
 *       also by {@link #createDirectoriesUnsynced}, which promises less (a simplification: a
 *       directory lost to a power loss is not modelled; its callers sync the parents anyway).</li>
 *   <li>Injected through {@link #faults()}: forces that fail (the pages stay undurable), slow
 *       forces, write and read errors, a disk that fills up. {@link #flipRandomBit} corrupts a
 *       stored byte that only a CRC can catch.</li>
 * </ul>
 * Files are fixed-size and their space is reserved at creation, so only {@link #create} can
 * report a full disk.
 */
public final class SimDisk implements Disk {

    private final Simulator sim;
    private final SimNode node;
    private final RandomSource latencyAndTears;
    private final RandomSource faultRandom;
    private final long totalBytes;
    private final FileSystem fs;
    private final TreeMap<String, Inode> names = new TreeMap<>();
    private final TreeMap<String, Inode> durableNames = new TreeMap<>();
    private final TreeSet<String> directories = new TreeSet<>();
    private final TreeMap<Long, Inode> inodes = new TreeMap<>();
    private final List<SimDiskFile> handles = new ArrayList<>();
    private final List<TreeMap<String, Inode>> pendingSyncs = new ArrayList<>();
    private final DiskFaults faults = new DiskFaults();
    private long nextInode = 1;
    private long forcesCompleted;
    private long forcesFailed;
    private long pagesTorn;

    SimDisk(Simulator sim, SimNode node, RandomSource random, long totalBytes) {
        this.sim = sim;
        this.node = node;
        this.latencyAndTears = random;
        this.faultRandom = sim.stream(node.name(), "disk-faults");
        this.totalBytes = totalBytes;
        this.fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(256L << 30).setMaxCacheSize(0).build());
        try {
            Files.createDirectories(fs.getPath("/inodes"));
        } catch (IOException e) {
            throw new IllegalStateException("jimfs refused to start", e);
        }
        directories.add("/");
    }

    public DiskFaults faults() {
        return faults;
    }

    public long forcesCompleted() {
        return forcesCompleted;
    }

    public long forcesFailed() {
        return forcesFailed;
    }

    public long pagesTorn() {
        return pagesTorn;
    }

    boolean isCurrent(int incarnation) {
        return node.isUp() && node.incarnation() == incarnation;
    }

    // ---- Disk ------------------------------------------------------------------------------

    @Override
    public DiskFile create(String path, long sizeBytes) {
        String p = DiskPaths.normalize(path);
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative file size " + sizeBytes + " for " + p);
        }
        if (names.containsKey(p) || directories.contains(p)) {
            throw new DiskException(DiskException.Kind.ALREADY_EXISTS, p, "already exists");
        }
        long usable = usableSpaceBytes();
        if (sizeBytes > usable) {
            throw new DiskException(DiskException.Kind.NO_SPACE, p,
                    "needs " + sizeBytes + " bytes but only " + usable + " are free");
        }
        if (sizeBytes > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("file size " + sizeBytes + " for " + p + " exceeds " + MAX_FILE_BYTES);
        }
        createDirectories(DiskPaths.parent(p));
        long id = nextInode++;
        Inode inode = new Inode(id, sizeBytes, fs.getPath("/inodes/" + id));
        inodes.put(id, inode);
        link(p, inode);
        return openHandle(p, inode);
    }

    /**
     * Places a file as an operator does before a node starts (written, forced and its directory
     * synced): durable at once, so no crash or power loss takes it back.
     */
    public void install(String path, byte[] content) {
        String p = DiskPaths.normalize(path);
        if (names.containsKey(p) || directories.contains(p)) {
            throw new DiskException(DiskException.Kind.ALREADY_EXISTS, p, "already exists");
        }
        createDirectories(DiskPaths.parent(p));
        long id = nextInode++;
        Inode inode = new Inode(id, content.length, fs.getPath("/inodes/" + id));
        inodes.put(id, inode);
        inode.rawWrite(0, ByteBuffer.wrap(content), p);
        link(p, inode);
        inode.durableRefs++;
        durableNames.put(p, inode);
    }

    @Override
    public DiskFile open(String path) {
        String p = DiskPaths.normalize(path);
        Inode inode = names.get(p);
        if (inode == null) {
            if (directories.contains(p)) {
                throw new DiskException(DiskException.Kind.IO_ERROR, p, "is a directory");
            }
            throw new DiskException(DiskException.Kind.NOT_FOUND, p, "no such file");
        }
        return openHandle(p, inode);
    }

    private SimDiskFile openHandle(String path, Inode inode) {
        SimDiskFile handle = new SimDiskFile(this, inode, path, node.incarnation());
        inode.openHandles++;
        handles.add(handle);
        return handle;
    }

    @Override
    public boolean exists(String path) {
        String p = DiskPaths.normalize(path);
        return names.containsKey(p) || directories.contains(p);
    }

    @Override
    public boolean isDirectory(String path) {
        return directories.contains(DiskPaths.normalize(path));
    }

    @Override
    public List<String> list(String directory) {
        String dir = DiskPaths.normalize(directory);
        TreeSet<String> result = new TreeSet<>();
        for (String p : descendants(names, dir).keySet()) {
            if (DiskPaths.parent(p).equals(dir)) {
                result.add(DiskPaths.name(p));
            }
        }
        for (String d : directories.subSet(prefix(dir), false, prefix(dir) + Character.MAX_VALUE, false)) {
            if (DiskPaths.parent(d).equals(dir)) {
                result.add(DiskPaths.name(d));
            }
        }
        return new ArrayList<>(result);
    }

    @Override
    public boolean delete(String path) {
        String p = DiskPaths.normalize(path);
        if (names.containsKey(p)) {
            unlink(p);
            return true;
        }
        if (directories.contains(p) && !p.equals("/")) {
            if (!list(p).isEmpty()) {
                throw new DiskException(DiskException.Kind.IO_ERROR, p, "directory not empty");
            }
            directories.remove(p);
            return true;
        }
        return false;
    }

    @Override
    public void rename(String from, String to) {
        String src = DiskPaths.normalize(from);
        String dst = DiskPaths.normalize(to);
        Inode inode = names.get(src);
        if (inode == null) {
            throw new DiskException(DiskException.Kind.NOT_FOUND, src, "cannot rename a missing file");
        }
        if (directories.contains(dst)) {
            throw new DiskException(DiskException.Kind.IO_ERROR, dst, "cannot replace a directory");
        }
        if (!directories.contains(DiskPaths.parent(dst))) {
            throw new DiskException(DiskException.Kind.NOT_FOUND, dst, "target directory does not exist");
        }
        if (src.equals(dst)) {
            return;
        }
        inode.nameRefs++;
        unlink(src);
        inode.nameRefs--;
        link(dst, inode);
    }

    @Override
    public void createDirectories(String directory) {
        String dir = DiskPaths.normalize(directory);
        if (names.containsKey(dir)) {
            throw new DiskException(DiskException.Kind.ALREADY_EXISTS, dir, "a file has this name");
        }
        for (String d = dir; !d.equals("/"); d = DiskPaths.parent(d)) {
            directories.add(d);
        }
    }

    /** As {@link #createDirectories}: see the class comment's power-loss model. */
    @Override
    public void createDirectoriesUnsynced(String directory) {
        createDirectories(directory);
    }

    @Override
    public void syncDirectory(String directory, DiskCallback done) {
        String dir = DiskPaths.normalize(directory);
        TreeMap<String, Inode> snapshot = new TreeMap<>();
        for (Map.Entry<String, Inode> e : descendants(names, dir).entrySet()) {
            if (DiskPaths.parent(e.getKey()).equals(dir)) {
                snapshot.put(e.getKey(), e.getValue());
            }
        }
        // The snapshot's inodes must stay alive until the sync ends, even if their names go meanwhile.
        snapshot.values().forEach(inode -> inode.pendingSyncRefs++);
        pendingSyncs.add(snapshot);
        boolean fail = nextForceFails();
        sim.enqueue(sim.nowNanos() + forceLatencyNanos(), node, node.incarnation(), EventKind.DIR_SYNC, snapshot.size(), () -> {
            pendingSyncs.remove(snapshot);
            snapshot.values().forEach(inode -> inode.pendingSyncRefs--);
            if (fail) {
                collectGarbage();
                done.onComplete(new DiskException(DiskException.Kind.IO_ERROR, dir, "directory sync failed (injected)"));
                return;
            }
            snapshot.values().forEach(inode -> inode.durableRefs++);
            for (String p : new ArrayList<>(descendants(durableNames, dir).keySet())) {
                if (DiskPaths.parent(p).equals(dir)) {
                    durableUnlink(p);
                }
            }
            snapshot.forEach(durableNames::put);
            collectGarbage();
            done.onComplete(null);
        });
    }

    @Override
    public long usableSpaceBytes() {
        long used = faults.fillerBytes;
        for (Inode inode : inodes.values()) {
            if (inode.occupiesSpace()) {
                used += inode.size;
            }
        }
        return Math.max(0, totalBytes - used);
    }

    @Override
    public long totalSpaceBytes() {
        return totalBytes;
    }

    // ---- force and faults --------------------------------------------------------------------

    void force(SimDiskFile handle, DiskCallback done) {
        Inode inode = handle.inode();
        List<Inode.PageSnapshot> pages = inode.snapshotDirty(handle.path());
        boolean fail = nextForceFails();
        sim.enqueue(sim.nowNanos() + forceLatencyNanos(), node, handle.incarnation(), EventKind.FORCE, inode.id, () -> {
            if (fail) {
                forcesFailed++;
                done.onComplete(new DiskException(DiskException.Kind.IO_ERROR, handle.path(), "force failed (injected)"));
                return;
            }
            inode.makeDurable(pages);
            forcesCompleted++;
            done.onComplete(null);
        });
    }

    private boolean nextForceFails() {
        if (faults.failNextForces > 0) {
            faults.failNextForces--;
            return true;
        }
        return faults.forceFailureProbability > 0 && faultRandom.nextDouble() < faults.forceFailureProbability;
    }

    private long forceLatencyNanos() {
        SimOptions o = sim.options();
        long micros = Distributions.shiftedExponential(latencyAndTears, o.forceMinMicros, o.forceMeanExtraMicros, Long.MAX_VALUE / 4);
        return micros * 1_000L + faults.slowForceExtraMs * 1_000_000L;
    }

    void maybeFailWrite(String path) {
        if (faults.writeErrorProbability > 0 && faultRandom.nextDouble() < faults.writeErrorProbability) {
            throw new DiskException(DiskException.Kind.IO_ERROR, path, "write failed (injected)");
        }
    }

    void maybeFailRead(String path) {
        if (faults.readErrorProbability > 0 && faultRandom.nextDouble() < faults.readErrorProbability) {
            throw new DiskException(DiskException.Kind.IO_ERROR, path, "read failed (injected)");
        }
    }

    /**
     * Flips one random bit in the written part of a random named file; returns a description of
     * the damage, or null when no file has data.
     */
    public String flipRandomBit(RandomSource random) {
        return flipRandomBit(random, path -> true);
    }

    /**
     * Flips bit {@code bit} of byte {@code position} of the named file; returns a description of the
     * damage, or null when the file does not exist or holds no data there.
     */
    public String flipBit(String path, long position, int bit) {
        Inode inode = names.get(path);
        if (inode == null || position < 0 || position >= Math.min(inode.writtenExtent(), inode.size)) {
            return null;
        }
        inode.flipBit(position, bit, path);
        String what = "bit " + bit + " of byte " + position + " in " + path;
        sim.log().line(sim.nowNanos(), node.name(), "BITFLIP", what);
        return what;
    }

    /** Like {@link #flipRandomBit(RandomSource)}, among the files whose path {@code which} accepts. */
    public String flipRandomBit(RandomSource random, Predicate<String> which) {
        List<Map.Entry<String, Inode>> candidates = new ArrayList<>();
        for (Map.Entry<String, Inode> e : names.entrySet()) {
            if (e.getValue().writtenExtent() > 0 && which.test(e.getKey())) {
                candidates.add(e);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        Map.Entry<String, Inode> victim = candidates.get(random.nextInt(candidates.size()));
        long extent = Math.min(victim.getValue().writtenExtent(), victim.getValue().size);
        long position = (random.nextLong() >>> 1) % extent;
        int bit = random.nextInt(8);
        victim.getValue().flipBit(position, bit, victim.getKey());
        String what = "bit " + bit + " of byte " + position + " in " + victim.getKey();
        sim.log().line(sim.nowNanos(), node.name(), "BITFLIP", what);
        return what;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    void onCrash(CrashKind kind) {
        killHandles();
        pendingSyncs.forEach(snapshot -> snapshot.values().forEach(inode -> inode.pendingSyncRefs--));
        pendingSyncs.clear();
        if (kind == CrashKind.POWER_LOSS) {
            for (Map.Entry<String, Inode> e : names.entrySet()) {
                pagesTorn += e.getValue().tear(latencyAndTears, e.getKey());
            }
            for (Inode inode : inodes.values()) {
                if (!inode.dirty.isEmpty()) {
                    inode.tear(latencyAndTears, "(unnamed inode " + inode.id + ")");
                }
            }
            for (String p : new ArrayList<>(names.keySet())) {
                Inode inode = names.remove(p);
                inode.nameRefs--;
            }
            durableNames.forEach((p, inode) -> {
                names.put(p, inode);
                inode.nameRefs++;
            });
        }
        collectGarbage();
    }

    void onProcessExit() {
        killHandles();
        pendingSyncs.forEach(snapshot -> snapshot.values().forEach(inode -> inode.pendingSyncRefs--));
        pendingSyncs.clear();
        collectGarbage();
    }

    private void killHandles() {
        for (SimDiskFile h : handles) {
            h.kill();
            h.inode().openHandles--;
        }
        handles.clear();
    }

    void onHandleClosed(SimDiskFile handle) {
        handles.remove(handle);
        handle.inode().openHandles--;
        collectGarbage();
    }

    void close() {
        try {
            fs.close();
        } catch (IOException e) {
            throw new IllegalStateException("jimfs refused to close", e);
        }
    }

    // ---- names -------------------------------------------------------------------------------

    private void link(String path, Inode inode) {
        Inode previous = names.put(path, inode);
        inode.nameRefs++;
        if (previous != null) {
            previous.nameRefs--;
            collectGarbage();
        }
    }

    private void unlink(String path) {
        Inode inode = names.remove(path);
        if (inode != null) {
            inode.nameRefs--;
            collectGarbage();
        }
    }

    private void durableUnlink(String path) {
        Inode inode = durableNames.remove(path);
        if (inode != null) {
            inode.durableRefs--;
        }
        collectGarbage();
    }

    private void collectGarbage() {
        inodes.values().removeIf(inode -> {
            if (inode.referenced()) {
                return false;
            }
            inode.release();
            return true;
        });
    }

    private static String prefix(String dir) {
        return dir.equals("/") ? "/" : dir + "/";
    }

    private static NavigableMap<String, Inode> descendants(TreeMap<String, Inode> map, String dir) {
        String from = prefix(dir);
        return map.subMap(from, true, from + Character.MAX_VALUE, false);
    }
}
