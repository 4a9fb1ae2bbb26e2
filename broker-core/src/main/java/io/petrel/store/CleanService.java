package io.petrel.store;

import io.petrel.common.message.MessageFormat;
import io.petrel.env.Cancellable;
import io.petrel.env.Clock;
import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.NodeLog;
import io.petrel.env.Scheduler;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.file.MappedFile;
import io.petrel.store.index.IndexService;
import io.petrel.store.queue.ConsumeQueue;
import io.petrel.store.queue.ConsumeQueueTable;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Retention and disk space (RocketMQ's {@code CleanCommitLogService} and {@code CleanConsumeQueueService}).
 * Every {@code cleanResourceInterval} ms:
 * <ul>
 *   <li>disk usage above {@code diskSpaceWarningLevelRatio} (the hard limit) marks the disk full: puts are
 *       refused until usage is below it again; above {@code diskSpaceCleanForciblyRatio} or
 *       {@code diskMaxUsedSpaceRatio} the oldest commit-log files are deleted at once, expired or not
 *       (with {@code cleanFileForciblyEnable}), until usage is below both;</li>
 *   <li>in a {@code deleteWhen} hour, files last written more than {@code fileReservedTime} hours ago
 *       are deleted, oldest first, at most 10 per run, {@code deleteCommitLogFilesInterval} ms apart;</li>
 *   <li>the last file is never deleted; a file a reader holds is deleted when released or after
 *       {@code destroyMapedFileIntervalForcibly} ms, and retried every {@code redeleteHangedFileInterval};</li>
 *   <li>consume-queue and index files whose messages are all gone follow, and queue min offsets advance.</li>
 *   <li>a commit-log file goes only once every consume-queue entry for its records was forced (the
 *       consume-queue flush's logics offset is past its end; a full round is asked for when it is
 *       not). Otherwise a power loss could take back entries that nothing can rebuild any more, and
 *       the queue would hand their offsets to new messages, which a consumer that had read the lost
 *       ones would skip. RocketMQ 4.9 deletes regardless.</li>
 * </ul>
 * When a commit-log file was last written is read from the store time of the first record of the
 * next file (the seam has no file times); a clock stepped back makes files look younger, never older.
 *
 * <p>Driven by its node's loop only. A crash mid-deletion leaves either the file or not; names are
 * synced at the next flush round.
 */
final class CleanService {

    static final int DELETE_FILES_BATCH_MAX = 10;

    private final StoreConfig config;
    private final StoreContext context;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final Disk disk;
    private final Scheduler scheduler;
    private final Clock clock;
    private final NodeLog log;
    private final RunningFlags flags;
    private Cancellable tick = Cancellable.NONE;
    private boolean chainRunning;
    private long lastRedeleteNanos;
    private long lastCommitLogMin = -1;
    private long filesDeleted;
    private int manualDeleteRuns;
    private boolean stopped;
    private ConsumeQueueFlushService queueFlush;
    private long reservedUnitMs = 3_600_000L;
    private long queueTrimAhead;

    CleanService(StoreConfig config, StoreContext context, CommitLog commitLog, ConsumeQueueTable consumeQueues,
            IndexService index, Disk disk, Scheduler scheduler, Clock clock, NodeLog log, RunningFlags flags) {
        this.config = config;
        this.context = context;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.disk = disk;
        this.scheduler = scheduler;
        this.clock = clock;
        this.log = log;
        this.flags = flags;
    }

    /** Tests only: {@link io.petrel.common.Sabotage#RETENTION_TIME_IN_SECONDS}. */
    void sabotageRetentionTimeInSeconds() {
        reservedUnitMs = 1_000L;
    }

    /** Tests only: {@link io.petrel.common.Sabotage#CONSUME_QUEUES_TRIMMED_EARLY}. */
    void sabotageConsumeQueuesTrimmedEarly() {
        queueTrimAhead = 8L << 20;
    }

    /** The flush whose logics offset says which commit-log files the queues no longer need. */
    void setConsumeQueueFlush(ConsumeQueueFlushService queueFlush) {
        this.queueFlush = queueFlush;
    }

    void start() {
        lastRedeleteNanos = clock.nanoTime();
        refreshDiskFull();
        tick = scheduler.schedule(config.cleanResourceInterval(), this::onTick);
    }

    void stop() {
        stopped = true;
        tick.cancel();
    }

    long filesDeleted() {
        return filesDeleted;
    }

    /** RocketMQ's {@code executeDeleteFilesManually}: the next runs delete expired files whatever the hour. */
    void deleteExpiredFilesManually() {
        manualDeleteRuns = 20;
    }

    /** Percent of the disk in use. */
    double diskUsedRatio() {
        long total = disk.totalSpaceBytes();
        return total <= 0 ? 100 : (total - disk.usableSpaceBytes()) * 100.0 / total;
    }

    /** Whether {@code bytes} more may be allocated without passing the hard limit. */
    boolean mayAllocate(long bytes) {
        long total = disk.totalSpaceBytes();
        long used = total - disk.usableSpaceBytes() + bytes;
        return total > 0 && used * 100.0 / total <= config.diskSpaceWarningLevelRatio();
    }

    /** Re-reads usage and sets or clears the disk-full flag; returns whether the disk is full. */
    boolean refreshDiskFull() {
        double ratio = diskUsedRatio();
        boolean full = ratio > config.diskSpaceWarningLevelRatio();
        if (full != flags.isDiskFull()) {
            if (full) {
                log.error("disk is {}% used, over the hard limit diskSpaceWarningLevelRatio={}%: refusing writes",
                        format(ratio), config.diskSpaceWarningLevelRatio());
            } else {
                log.info("disk is {}% used, under the hard limit again: accepting writes", format(ratio));
            }
        }
        flags.setDiskFull(full ? "disk full: the disk of " + config.storePathCommitLog() + " is " + format(ratio)
                + "% used, over the hard limit diskSpaceWarningLevelRatio="
                + config.diskSpaceWarningLevelRatio() + "%" : null);
        return full;
    }

    private void onTick() {
        refreshDiskFull();
        if (!chainRunning && (isTimeToDelete() || needsSpace() || manualDeleteRuns > 0)) {
            if (manualDeleteRuns > 0) {
                manualDeleteRuns--;
            }
            chainRunning = true;
            deleteNext(0);
        }
        redeleteHangedFile();
        cleanConsumeQueues();
        tick = scheduler.schedule(config.cleanResourceInterval(), this::onTick);
    }

    private boolean isTimeToDelete() {
        return config.deleteWhen().isTimeToDelete(clock.nowMs(), context.zone());
    }

    private boolean needsSpace() {
        double ratio = diskUsedRatio();
        return ratio > config.diskMaxUsedSpaceRatio() || ratio > config.diskSpaceCleanForciblyRatio();
    }

    /** Deletes the oldest file if it may go, then schedules the next deletion of this run. */
    private void deleteNext(int deletedThisRun) {
        List<MappedFile> files = commitLog.files().files();
        boolean forcibly = needsSpace() && config.cleanFileForciblyEnable();
        boolean timeOk = isTimeToDelete() || manualDeleteRuns > 0 || forcibly;
        if (stopped || files.size() <= 1 || deletedThisRun >= DELETE_FILES_BATCH_MAX || !timeOk) {
            finishRun();
            return;
        }
        MappedFile first = files.get(0);
        if (!forcibly && !expiredOrUnknown(first, files.get(1))) {
            finishRun();
            return;
        }
        long fileEnd = first.fileFromOffset() + first.fileSize();
        if (queueFlush != null && queueFlush.logicsOffset() < fileEnd) {
            if (queueFlush.isRoundInFlight()) {
                finishRun();
                return;
            }
            log.probe("store-clean-waits-for-queue-flush");
            queueFlush.flushRound(0, () -> {
                if (!stopped && queueFlush.logicsOffset() >= fileEnd) {
                    deleteNext(deletedThisRun);
                } else {
                    finishRun();
                }
            });
            return;
        }
        if (!first.destroy(clock.nanoTime(), config.destroyMapedFileIntervalForcibly() * 1_000_000L)) {
            log.warn("commit-log file {} is still read ({} holds); deletion pending", first.path(), first.holds());
            finishRun();
            return;
        }
        commitLog.files().removeDestroyed(first);
        filesDeleted++;
        log.probe(forcibly ? "store-disk-space-deleted" : "store-retention-deleted");
        log.info("deleted commit-log file {} ({}), min offset now {}", first.path(),
                forcibly ? "disk " + format(diskUsedRatio()) + "% used" : "expired", commitLog.minOffset());
        cleanConsumeQueues();
        refreshDiskFull();
        scheduler.schedule(config.deleteCommitLogFilesInterval(), () -> deleteNext(deletedThisRun + 1));
    }

    private void finishRun() {
        chainRunning = false;
    }

    /**
     * Whether {@code file} expired; false too when the disk refuses the read that would tell (the
     * file stays, the next run asks again): not knowing a file's age is no reason to delete it, nor
     * to stop the store.
     */
    private boolean expiredOrUnknown(MappedFile file, MappedFile next) {
        try {
            return isExpired(file, next);
        } catch (DiskException e) {
            log.warn("could not tell whether commit-log file {} expired: {}; asking again at the next run", file.path(),
                    e.getMessage());
            return false;
        }
    }

    /** A file expired when the first record of the next file is older than {@code fileReservedTime}. */
    private boolean isExpired(MappedFile file, MappedFile next) {
        long lastWritten = firstStoreTimestamp(next);
        if (lastWritten <= 0) {
            return false;
        }
        // SABOTAGE (tests only): reservedUnitMs is 1,000 only under RETENTION_TIME_IN_SECONDS.
        return lastWritten + config.fileReservedTime() * reservedUnitMs <= clock.nowMs();
    }

    private static long firstStoreTimestamp(MappedFile f) {
        if (f.wrotePosition() < MessageFormat.MIN_MESSAGE_LENGTH) {
            return -1;
        }
        ByteBuffer head = ByteBuffer.allocate(MessageFormat.BORN_HOST_POSITION + 20 + 8);
        f.read(0, head);
        if (head.getInt(MessageFormat.MAGIC_POSITION) != MessageFormat.MESSAGE_MAGIC_CODE) {
            return -1;
        }
        return head.getLong(MessageFormat.storeTimestampPosition(head.getInt(MessageFormat.SYS_FLAG_POSITION)));
    }

    private void redeleteHangedFile() {
        long now = clock.nanoTime();
        if (now - lastRedeleteNanos < config.redeleteHangedFileInterval() * 1_000_000L) {
            return;
        }
        lastRedeleteNanos = now;
        MappedFile first = commitLog.files().firstFile();
        if (first != null && !first.isAvailable() && !first.isDestroyed()
                && first.destroy(now, config.destroyMapedFileIntervalForcibly() * 1_000_000L)) {
            commitLog.files().removeDestroyed(first);
            filesDeleted++;
            log.info("deleted hanged commit-log file {}", first.path());
            cleanConsumeQueues();
        }
    }

    /**
     * Consume-queue and index files follow the commit log's min offset. A read error leaves the
     * work for the next call (every cleanResourceInterval): trimming only reads and deletes what
     * retention already released, so nothing waits on it.
     */
    void cleanConsumeQueues() {
        long min = commitLog.minOffset();
        if (min <= lastCommitLogMin) {
            return;
        }
        try {
            trimConsumeQueues(min);
        } catch (DiskException e) {
            log.warn("cleaning consume queues below commit-log offset {} failed: {}; retrying at the next tick", min,
                    e.getMessage());
            return;
        }
        lastCommitLogMin = min;
    }

    private void trimConsumeQueues(long min) {
        long now = clock.nanoTime();
        long forcibly = config.destroyMapedFileIntervalForcibly() * 1_000_000L;
        // SABOTAGE (tests only): queueTrimAhead is 8 MiB only under CONSUME_QUEUES_TRIMMED_EARLY.
        for (ConsumeQueue q : consumeQueues.queues()) {
            q.deleteExpiredFiles(min + queueTrimAhead, now, forcibly);
            q.correctMinOffset(min + queueTrimAhead);
        }
        if (index != null) {
            index.deleteExpiredFiles(min, now, forcibly);
        }
    }

    private static String format(double ratio) {
        return String.format(Locale.ROOT, "%.1f", ratio);
    }
}
