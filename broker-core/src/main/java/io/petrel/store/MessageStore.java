package io.petrel.store;

import io.petrel.common.Check;
import io.petrel.common.FanIn;
import io.petrel.common.Sabotage;
import io.petrel.common.TopicValidator;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Clock;
import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskPaths;
import io.petrel.env.Env;
import io.petrel.env.NodeLog;
import io.petrel.env.Scheduler;
import io.petrel.metrics.Histogram;
import io.petrel.store.commitlog.AppendRejectedException;
import io.petrel.store.commitlog.BrokerMessage;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.commitlog.CommitLogScanner;
import io.petrel.store.commitlog.MessageEncoder;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.file.MappedFile;
import io.petrel.store.file.MappedFileQueue;
import io.petrel.store.file.SelectMappedBufferResult;
import io.petrel.store.file.StoreFileException;
import io.petrel.store.format.CheckpointFormat.Checkpoint;
import io.petrel.store.format.ConsumeQueueFormat;
import io.petrel.store.index.IndexService;
import io.petrel.store.queue.ConsumeQueue;
import io.petrel.store.queue.ConsumeQueueTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * The message store (RocketMQ's {@code DefaultMessageStore}), as a composition root only: it wires the
 * commit log, consume queues, index, flush services, recovery, retention and the read side, owns the
 * lifecycle, and forwards calls. The parts do not know it.
 *
 * <p>Lifecycle: {@link #start} recovers (see {@link StoreRecovery}), creates the abort file, forces
 * everything recovery touched, and only then accepts puts; {@link #shutdown} flushes everything,
 * writes the checkpoint and removes the abort file. Reads work once recovery is done.
 *
 * <p>Driven by one node's loop: every method must be called on it, and every callback runs on it.
 * On a crash nothing is called; the next start recovers from what the disk kept.
 */
public final class MessageStore {

    /** PUT_PATH_INVARIANT_BROKEN's period: the sabotaged check fails on every this-many-th put. */
    private static final int SABOTAGED_PUT_PERIOD = 50;

    private final StoreConfig config;
    private final StoreContext context;
    private final Disk disk;
    private final Clock clock;
    private final Scheduler scheduler;
    private final NodeLog log;
    private Consumer<String> failureListener = reason -> { };
    private final RunningFlags flags = new RunningFlags();
    private final StoreGuard guard;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final StoreCheckpoint checkpoint;
    private final Dispatcher dispatcher;
    private final CommitLogFlushService commitLogFlush;
    private final ConsumeQueueFlushService consumeQueueFlush;
    private final CleanService clean;
    private final MessageReader reader;
    private final PutService puts;
    private final ReplicaWaitService replicaWaits;
    private final StoreReplication replication;
    private final Set<Sabotage> sabotage;
    private StoreRecovery.Result recovered;
    private long sabotagedPuts;

    public MessageStore(Disk disk, Clock clock, Scheduler scheduler, NodeLog log, StoreConfig config, StoreContext context) {
        this(disk, clock, scheduler, log, config, context, Sabotage.none());
    }

    /**
     * A store with test-only {@link Sabotage} switches; of them it acts on ACK_SYNC_FLUSH_BEFORE_FORCE,
     * SKIP_CRC_CHECK_IN_RECOVERY, CONSUME_QUEUE_REBUILD_OFF_BY_ONE, PUT_PATH_INVARIANT_BROKEN,
     * SYNC_FLUSH_VISIBLE_BEFORE_FORCE and NO_END_OF_FILE_BLANK.
     */
    public MessageStore(Disk disk, Clock clock, Scheduler scheduler, NodeLog log, StoreConfig config, StoreContext context,
            Set<Sabotage> sabotage) {
        this.sabotage = Sabotage.copyOf(sabotage);
        this.config = config;
        this.context = context;
        this.guard = new StoreGuard(flags, log);
        // Every task and disk completion of the store's parts passes the guard (see StoreGuard).
        disk = guard.disk(disk);
        scheduler = guard.scheduler(scheduler);
        this.disk = disk;
        this.clock = clock;
        this.scheduler = scheduler;
        this.log = log;
        this.consumeQueues = new ConsumeQueueTable(disk, config.storePathConsumeQueue(), config.mappedFileSizeConsumeQueue(), log);
        this.index = config.messageIndexEnable() ? new IndexService(disk, config.storePathIndex(), config.maxHashSlotNum(),
                config.maxIndexNum(), context.zone(), log) : null;
        this.checkpoint = new StoreCheckpoint(disk, config.storeCheckpoint(), log);
        CleanService[] cleanRef = new CleanService[1];
        MessageEncoder encoder = new MessageEncoder(config.maxMessageSize(), config.mappedFileSizeCommitLog(),
                config.messageDelayLevel(), context.storeHost(), context.clusterName());
        this.commitLog = new CommitLog(new MappedFileQueue(disk, config.storePathCommitLog(), config.mappedFileSizeCommitLog(), log),
                encoder, bytes -> cleanRef[0].mayAllocate(bytes));
        this.clean = new CleanService(config, context, commitLog, consumeQueues, index, disk, scheduler, clock, log, flags);
        cleanRef[0] = clean;
        this.dispatcher = new Dispatcher(commitLog, consumeQueues, index, scheduler, clock, log, flags);
        this.commitLogFlush = new CommitLogFlushService(config, commitLog, scheduler, clock, log, flags);
        this.consumeQueueFlush = new ConsumeQueueFlushService(config, consumeQueues, index, dispatcher, commitLogFlush,
                checkpoint, scheduler, clock, log);
        clean.setConsumeQueueFlush(consumeQueueFlush);
        // SABOTAGE (tests only): SKIP_CRC_CHECK_IN_RECOVERY also stops the read path re-checking body CRCs.
        boolean verifyCrcOnRead = !this.sabotage.contains(Sabotage.SKIP_CRC_CHECK_IN_RECOVERY);
        this.reader = new MessageReader(config, context, commitLog, consumeQueues, index, verifyCrcOnRead, log);
        this.replicaWaits = new ReplicaWaitService(scheduler, clock);
        this.puts = new PutService(config, commitLog, consumeQueues, index, dispatcher, commitLogFlush,
                new PutAcknowledger(config, commitLogFlush, replicaWaits,
                        this.sabotage.contains(Sabotage.SYNC_MASTER_ACK_BEFORE_SLAVE),
                        !this.sabotage.contains(Sabotage.ACK_SYNC_FLUSH_BEFORE_FORCE)), clean, flags, scheduler, clock, log);
        if (this.sabotage.contains(Sabotage.ACK_SYNC_FLUSH_BEFORE_FORCE)) {
            commitLogFlush.sabotageAckBeforeForce();
        }
        if (this.sabotage.contains(Sabotage.RETENTION_TIME_IN_SECONDS)) {
            clean.sabotageRetentionTimeInSeconds();
        }
        if (this.sabotage.contains(Sabotage.CONSUME_QUEUES_TRIMMED_EARLY)) {
            clean.sabotageConsumeQueuesTrimmedEarly();
        }
        if (this.sabotage.contains(Sabotage.OUTSIDE_OFFSET_READ_REPORTED_AS_DAMAGE)) {
            reader.sabotageOutsideOffsetsReportDamage();
        }
        if (this.sabotage.contains(Sabotage.NO_END_OF_FILE_BLANK)) {
            commitLog.sabotageNoEndOfFileBlank();
        }
        this.replication = new StoreReplication(config, commitLog, consumeQueues, dispatcher, commitLogFlush,
                consumeQueueFlush, checkpoint, replicaWaits, puts, reader, guard, flags, this::failWhileServing, log);
        commitLogFlush.forceWhileAwaited(() -> dispatcher.awaitingSafety() > 0);
        commitLogFlush.onDurableAdvance(durable -> {
            dispatcher.onSafe(durable);
            if (config.flushDiskType() == FlushDiskType.SYNC_FLUSH) {
                replication.onDurableAdvance();
            }
        });
    }

    public static MessageStore create(Env env, StoreConfig config, StoreContext context) {
        return create(env, config, context, Sabotage.none());
    }

    /** A store with test-only {@link Sabotage} switches (see the constructor). */
    public static MessageStore create(Env env, StoreConfig config, StoreContext context, Set<Sabotage> sabotage) {
        return new MessageStore(env.disk(), env.clock(), env.scheduler(), env.log(), config, context, sabotage);
    }

    public StoreConfig config() {
        return config;
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /**
     * Recovers, then makes what recovery wrote durable, then accepts puts; {@code onReady} runs on the
     * loop with the outcome. Reads work as soon as this returns, unless the start failed.
     */
    public void start(Consumer<StoreStartResult> onReady) {
        guard.run(() -> startGuarded(guard.outside(onReady)));
    }

    private void startGuarded(Consumer<StoreStartResult> onReady) {
        boolean clean;
        try {
            for (String dir : List.of(config.storePathRootDir(), config.storePathCommitLog(),
                    config.storePathConsumeQueue(), config.storePathIndex())) {
                disk.createDirectories(dir);
            }
            clean = !disk.exists(config.abortFile());
            recovered = recover(clean);
            if (clean) {
                disk.create(config.abortFile(), 0);
            }
        } catch (StoreFileException | DiskException e) {
            flags.moveTo(RunningFlags.State.FAILED);
            log.error("message store cannot start: {}", e.getMessage());
            scheduler.execute(() -> onReady.accept(StoreStartResult.failed(e.getMessage())));
            return;
        }
        commitLogFlush.start(recovered.durableOffset());
        dispatcher.startAt(recovered.commitLogEnd(), recovered.lastStoreTimestamp());
        // SABOTAGE (tests only): SYNC_FLUSH_VISIBLE_BEFORE_FORCE leaves the gate open.
        if (config.flushDiskType() == FlushDiskType.SYNC_FLUSH && !sabotage.contains(Sabotage.SYNC_FLUSH_VISIBLE_BEFORE_FORCE)) {
            // Recovery dispatched the whole recovered log (forceRecovery makes it durable before serving).
            dispatcher.gateOnSafe(recovered.commitLogEnd());
        }
        consumeQueueFlush.start(recovered.dispatchFrom(), recovered.indexFrom());
        StoreStartResult result = new StoreStartResult(true, "", clean, recovered.commitLogEnd(), recovered.damagedRecords(),
                recovered.truncatedBytes());
        forceRecovery(() -> {
            if (flags.state() != RunningFlags.State.STARTING) {
                // Shut down while recovery's forces ran: the shutdown owns the store now.
                log.info("message store shut down before it started serving");
                return;
            }
            flags.moveTo(RunningFlags.State.SERVING);
            this.clean.start();
            log.info("message store serving: commit log [{}, {}), {} consume queues, last exit {}",
                    commitLog.minOffset(), commitLog.maxOffset(), consumeQueues.queues().size(), clean ? "clean" : "abnormal");
            onReady.accept(result);
        });
    }

    private StoreRecovery.Result recover(boolean lastExitClean) {
        Checkpoint ck = checkpoint.load();
        List<String> problems = new ArrayList<>(commitLog.files().load().problems());
        problems.addAll(consumeQueues.load());
        if (index != null) {
            problems.addAll(index.load());
        }
        problems.forEach(p -> log.error("store files: {}", p));
        log.info("recovering the message store after a{} stop; checkpoint {}", lastExitClean ? " clean" : "n abnormal", ck);
        if (!lastExitClean) {
            log.probe("store-recovery-abnormal");
        }
        // SABOTAGE (tests only): SKIP_CRC_CHECK_IN_RECOVERY, CONSUME_QUEUE_REBUILD_OFF_BY_ONE and
        // RECOVERY_DROPS_LAST_RECORD act here.
        boolean checkCrc = config.checkCRCOnRecover() && !sabotage.contains(Sabotage.SKIP_CRC_CHECK_IN_RECOVERY);
        boolean rebuildOffByOne = sabotage.contains(Sabotage.CONSUME_QUEUE_REBUILD_OFF_BY_ONE);
        StoreRecovery recovery = new StoreRecovery(commitLog, consumeQueues, index, checkCrc, rebuildOffByOne,
                context.replica(), log);
        if (sabotage.contains(Sabotage.RECOVERY_DROPS_LAST_RECORD)) {
            recovery.sabotageDropLastRecord();
        }
        StoreRecovery.Result r = recovery.recover(ck, clock.nanoTime(), clock.nowMs());
        checkpoint.setPhysic(r.durableOffset(), 0);
        checkpoint.setLogics(r.dispatchFrom(), 0);
        checkpoint.setIndex(r.indexFrom(), 0);
        return r;
    }

    /**
     * One round of every force and directory sync, so nothing recovery cut can come back. Under
     * SYNC_FLUSH the commit-log force is retried until it succeeds: recovery made the whole recovered
     * log visible, and a SYNC_FLUSH store shows nothing that no force covers (the store invariants
     * found a store that started serving after this force failed).
     */
    private void forceRecovery(Runnable then) {
        FanIn forced = new FanIn("recovery forces", 4, then);
        Runnable one = forced::arrive;
        forceRecoveredLog(one);
        consumeQueueFlush.flushRound(0, one);
        disk.syncDirectory(DiskPaths.parent(config.abortFile()), failure -> one.run());
        disk.syncDirectory(DiskPaths.parent(config.storeCheckpoint()), failure -> one.run());
    }

    private void forceRecoveredLog(Runnable done) {
        commitLogFlush.flushAll(ok -> {
            if (ok || config.flushDiskType() != FlushDiskType.SYNC_FLUSH || flags.state() != RunningFlags.State.STARTING) {
                done.run();
                return;
            }
            log.probe("store-recovery-force-retried");
            log.warn("the force of the recovered commit log failed; SYNC_FLUSH serves nothing no force covers, "
                    + "so the store starts once a force succeeds (retrying every {} ms)", config.flushIntervalCommitLog());
            scheduler.schedule(config.flushIntervalCommitLog(), () -> forceRecoveredLog(done));
        });
    }

    /**
     * Flushes everything, writes the checkpoint, removes the abort file and closes the files; {@code done}
     * runs on the loop when finished. Puts are refused from now on.
     */
    public void shutdown(Runnable done) {
        guard.run(() -> shutdownGuarded(guard.outside(done)));
    }

    private void shutdownGuarded(Runnable done) {
        if (flags.state() != RunningFlags.State.SERVING && flags.state() != RunningFlags.State.STARTING) {
            scheduler.execute(done);
            return;
        }
        flags.moveTo(RunningFlags.State.SHUTTING_DOWN);
        clean.stop();
        replicaWaits.stop();
        commitLogFlush.flushAll(commitLogOk -> consumeQueueFlush.flushWhenIdle(() -> {
            commitLogFlush.stop();
            consumeQueueFlush.stop();
            dispatcher.stop();
            boolean durable = commitLogOk && !dispatcher.isStalled();
            if (durable) {
                disk.delete(config.abortFile());
            }
            disk.syncDirectory(DiskPaths.parent(config.abortFile()), failure -> {
                closeFiles();
                flags.moveTo(RunningFlags.State.STOPPED);
                log.info("message store stopped {}", durable ? "cleanly" : "with data not known durable (abort file kept)");
                done.run();
            });
        }));
    }

    private void closeFiles() {
        commitLog.files().files().forEach(f -> f.close());
        consumeQueues.queues().forEach(q -> q.files().files().forEach(f -> f.close()));
        if (index != null) {
            index.shutdown();
        }
        checkpoint.close();
    }

    // ---- writes -----------------------------------------------------------------------------

    /** Stores one message; {@code callback} gets the result on the loop. */
    public void putMessage(BrokerMessage message, Consumer<PutMessageResult> callback) {
        guard.run(() -> {
            sabotagedPutCheck();
            puts.put(List.of(message), false, guard.outside(callback));
        });
    }

    /** Stores a batch (one topic queue, consecutive queue offsets, one file); one result for all. */
    public void putMessages(List<BrokerMessage> batch, Consumer<PutMessageResult> callback) {
        guard.run(() -> {
            sabotagedPutCheck();
            puts.put(batch, true, guard.outside(callback));
        });
    }

    private void sabotagedPutCheck() {
        // SABOTAGE (tests only): PUT_PATH_INVARIANT_BROKEN fails a check on every 50th put.
        if (sabotage.contains(Sabotage.PUT_PATH_INVARIANT_BROKEN)) {
            sabotagedPuts++;
            Check.state(sabotagedPuts % SABOTAGED_PUT_PERIOD != 0, "sabotaged put-path invariant (put #{})", sabotagedPuts);
        }
    }

    /**
     * Appends another store's commit-log bytes at {@code startOffset} (a slave) and dispatches every
     * complete record. Returns false (and logs why) when the bytes do not continue this log, when the
     * store is not serving, or while a cut of its log is not durable yet
     * ({@link StoreReplication#truncateTo}).
     */
    public boolean appendToCommitLog(long startOffset, ByteBuffer data) {
        return guard.call(() -> appendRaw(startOffset, data));
    }

    private boolean appendRaw(long startOffset, ByteBuffer data) {
        if (flags.state() != RunningFlags.State.SERVING || !replication.cutIsDurable()) {
            return false;
        }
        try {
            commitLog.appendRaw(startOffset, data);
        } catch (AppendRejectedException e) {
            log.error("raw append at {} refused: {}", startOffset, e.getMessage());
            return false;
        }
        CommitLogScanner scanner = new CommitLogScanner(commitLog.files(), true);
        scanner.readAppended(startOffset, data);
        try {
            dispatcher.dispatchAppendedBytes(scanner);
        } finally {
            scanner.forgetAppended();
        }
        commitLogFlush.requestRound();
        return true;
    }

    /**
     * Destroys every consume queue of a deleted topic (RocketMQ's {@code cleanUnusedTopic} for one
     * topic): the in-memory queues, their next queue offsets, their files and then their empty
     * directories, so a topic created again under that name starts empty at queue offset 0. The
     * commit-log records stay until retention deletes them. {@code done} runs on the loop after the
     * directory syncs and one consume-queue flush round with its checkpoint, which normally moves the
     * logics offset past the topic's records, so recovery after a crash does not re-dispatch them into
     * a new queue. It cannot when that round fails or a record of the topic was not yet dispatched
     * (SYNC_FLUSH waiting for a force; skipped live, see {@link Dispatcher}); a crash before a later
     * round passes it brings those records back into a queue of the deleted topic.
     */
    public void deleteTopic(String topic, Runnable done) {
        guard.run(() -> deleteTopicGuarded(topic, guard.outside(done)));
    }

    private void deleteTopicGuarded(String topic, Runnable done) {
        List<ConsumeQueue> removed = consumeQueues.removeTopic(topic);
        dispatcher.dropTopicBelow(topic, commitLog.maxOffset());
        long now = clock.nanoTime();
        for (ConsumeQueue q : removed) {
            q.destroy(now);
            commitLog.queueOffsets().remove(new TopicQueue(q.topic(), q.queueId()));
        }
        if (!removed.isEmpty()) {
            log.info("topic {} deleted: {} consume queues destroyed", topic, removed.size());
        }
        FanIn synced = new FanIn("topic deletion", removed.size() + 1, () -> {
            removeIfEmpty(consumeQueues.topicDirectory(topic));
            checkpointAfterDelete(done);
        });
        Runnable oneDone = synced::arrive;
        for (ConsumeQueue q : removed) {
            // The deletions become durable before the directory goes, so a power loss cannot bring
            // back files whose directory is gone; a queue created again meanwhile keeps its directory.
            disk.syncDirectory(q.files().directory(), failure -> {
                if (failure == null && consumeQueues.find(q.topic(), q.queueId()) == null) {
                    removeIfEmpty(q.files().directory());
                }
                oneDone.run();
            });
        }
        oneDone.run();
    }

    /**
     * RocketMQ's cleanExpiredConsumerQueue: destroys every consume queue (but SCHEDULE_TOPIC_XXXX's)
     * whose last entry ends below the commit log's min offset, so every message it indexed is gone,
     * and forgets its next queue offset, so the queue starts again at 0 if written to. Queues without
     * an entry are kept (logged, as RocketMQ does). {@code done} gets the destroyed queues once their
     * deletions are durable and their empty directories removed.
     */
    public void cleanExpiredConsumeQueues(Consumer<List<TopicQueue>> done) {
        guard.run(() -> cleanExpiredGuarded(guard.outside(done)));
    }

    private void cleanExpiredGuarded(Consumer<List<TopicQueue>> done) {
        long min = commitLog.minOffset();
        List<ConsumeQueue> expired = new ArrayList<>();
        for (ConsumeQueue q : new ArrayList<>(consumeQueues.queues())) {
            if (TopicValidator.RMQ_SYS_SCHEDULE_TOPIC.equals(q.topic())) {
                continue;
            }
            if (q.maxPhysicOffset() < 0) {
                log.warn("maybe ConsumeQueue was created just now. topic={} queueId={}", q.topic(), q.queueId());
            } else if (q.maxPhysicOffset() < min) {
                expired.add(q);
            }
        }
        List<TopicQueue> keys = new ArrayList<>();
        long now = clock.nanoTime();
        for (ConsumeQueue q : expired) {
            TopicQueue key = new TopicQueue(q.topic(), q.queueId());
            consumeQueues.remove(key);
            commitLog.queueOffsets().remove(key);
            q.destroy(now);
            keys.add(key);
            log.info("cleanExpiredConsumerQueue: {} {} consume queue destroyed, minCommitLogOffset: {} "
                    + "maxCLOffsetInConsumeQueue: {}", q.topic(), q.queueId(), min, q.maxPhysicOffset());
        }
        FanIn synced = new FanIn("expired consume queue clean", expired.size() + 1, () -> done.accept(keys));
        for (ConsumeQueue q : expired) {
            disk.syncDirectory(q.files().directory(), failure -> {
                if (failure == null && consumeQueues.find(q.topic(), q.queueId()) == null) {
                    removeIfEmpty(q.files().directory());
                    removeIfEmpty(consumeQueues.topicDirectory(q.topic()));
                }
                synced.arrive();
            });
        }
        synced.arrive();
    }

    private void removeIfEmpty(String dir) {
        if (disk.isDirectory(dir) && disk.list(dir).isEmpty()) {
            disk.delete(dir);
        }
    }

    /**
     * One consume-queue round and checkpoint once no round is in flight. Re-checks the state on every
     * try: a shutdown that began meanwhile writes the final checkpoint itself and closes the files.
     */
    private void checkpointAfterDelete(Runnable done) {
        if (flags.state() != RunningFlags.State.SERVING) {
            done.run();
            return;
        }
        if (consumeQueueFlush.isRoundInFlight()) {
            scheduler.schedule(1, () -> checkpointAfterDelete(done));
            return;
        }
        consumeQueueFlush.flushRound(0, done);
    }

    /** The store's side of replication: what a master sends and a slave appends or cuts. */
    public StoreReplication replication() {
        return replication;
    }

    /**
     * Called once, on the loop, when the store stops serving for good because the disk refused a
     * change halfway and its memory no longer matches its files ({@code SERVING -> FAILED}): the
     * broker exits then, so that a restart's recovery rebuilds the state from the files.
     */
    public void setFailureListener(Consumer<String> listener) {
        this.failureListener = Objects.requireNonNull(listener, "listener");
    }

    private void failWhileServing(String reason) {
        if (flags.state() != RunningFlags.State.SERVING) {
            return;
        }
        flags.moveTo(RunningFlags.State.FAILED);
        log.probe("store-failed-while-serving");
        log.error("the message store stops serving: {}; the broker exits so recovery rebuilds its state from the files",
                reason);
        Consumer<String> listener = failureListener;
        scheduler.execute(guard.outside(() -> listener.accept(reason)));
    }

    public void setMessageArrivingListener(MessageArrivingListener listener) {
        dispatcher.setListener((topic, queueId, maxOffset, tagsCode, storeTimestamp) -> {
            try {
                listener.arriving(topic, queueId, maxOffset, tagsCode, storeTimestamp);
            } catch (RuntimeException e) {
                throw guard.fromOutside(e);
            }
        });
    }

    // ---- reads ------------------------------------------------------------------------------

    /**
     * Up to {@code maxMsgNums} messages of a queue from {@code offset}; {@code tagsCodeFilter} (null:
     * all) is asked about each entry's tagsCode. Release the result when sent.
     */
    public GetMessageResult getMessage(String group, String topic, int queueId, long offset, int maxMsgNums,
            LongPredicate tagsCodeFilter) {
        return guard.call(() -> getMessageGuarded(topic, queueId, offset, maxMsgNums, tagsCodeFilter));
    }

    private GetMessageResult getMessageGuarded(String topic, int queueId, long offset, int maxMsgNums,
            LongPredicate tagsCodeFilter) {
        if (!flags.isReadable()) {
            GetMessageResult none = new GetMessageResult();
            none.finish(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE, offset, 0, 0);
            return none;
        }
        return reader.getMessage(topic, queueId, offset, maxMsgNums, tagsCodeFilter);
    }

    public long getMaxOffsetInQueue(String topic, int queueId) {
        ConsumeQueue q = consumeQueues.find(topic, queueId);
        return q == null ? 0 : q.maxOffsetInQueue();
    }

    /**
     * Past every message this log holds for the queue, whether or not its consume-queue entry is
     * visible yet (a SYNC_MASTER's record waiting for its slave, a dispatch stalled by a failing
     * disk): the next queue offset an append would take.
     */
    public long appendedEndInQueue(String topic, int queueId) {
        return Math.max(getMaxOffsetInQueue(topic, queueId), commitLog.queueOffsets().next(new TopicQueue(topic, queueId)));
    }

    public long getMinOffsetInQueue(String topic, int queueId) {
        ConsumeQueue q = consumeQueues.find(topic, queueId);
        return q == null ? 0 : q.minOffsetInQueue();
    }

    public long getOffsetInQueueByTime(String topic, int queueId, long timestamp) {
        return guard.call(() -> reader.getOffsetInQueueByTime(topic, queueId, timestamp));
    }

    /** The commit-log offset of a queue entry, or 0 when there is none. */
    public long getCommitLogOffsetInQueue(String topic, int queueId, long consumeQueueOffset) {
        ConsumeQueue q = consumeQueues.find(topic, queueId);
        ConsumeQueueFormat.Entry e = q == null ? null : q.entry(consumeQueueOffset);
        return e == null || e.isFiller() ? 0 : e.commitLogOffset();
    }

    /** The decoded message at a commit-log offset, or null when there is no intact record there. */
    public StoredMessage lookMessageByOffset(long commitLogOffset) {
        return guard.call(() -> reader.lookMessageByOffset(commitLogOffset));
    }

    /** The intact record at a commit-log offset, held; null when there is none. */
    public SelectMappedBufferResult selectOneMessageByOffset(long commitLogOffset) {
        return guard.call(() -> reader.selectOneMessageByOffset(commitLogOffset));
    }

    public QueryMessageResult queryMessage(String topic, String key, int maxNum, long begin, long end) {
        return guard.call(() -> reader.queryMessage(topic, key, maxNum, begin, end));
    }

    /** Store time of the oldest message still in the commit log, or -1. */
    public long getEarliestMessageTime() {
        StoredMessage m = reader.lookMessageByOffset(commitLog.minOffset());
        return m == null ? -1 : m.storeTimestamp();
    }

    public long getEarliestMessageTime(String topic, int queueId) {
        return reader.getEarliestMessageTime(topic, queueId);
    }

    /** Raw commit-log bytes from {@code offset} to the end of its file (replication), held. */
    public SelectMappedBufferResult getCommitLogData(long offset) {
        return commitLog.getData(offset);
    }

    public long getMinPhyOffset() {
        return commitLog.minOffset();
    }

    /**
     * The commit-log offset below which retention has given up the log in this process: the min
     * offset after deletions, or past the first file when that file is released for deletion and
     * waits for its readers (reads of it already fail, as in RocketMQ, whose getMinOffset skips it).
     * 0 when nothing was released. For checkers that must tell retention from loss.
     */
    public long retentionReleasedBelow() {
        MappedFile first = commitLog.files().firstFile();
        if (first != null && !first.isAvailable()) {
            return first.fileFromOffset() + first.fileSize();
        }
        return commitLog.minOffset();
    }

    /** Whether retention has released any of the commit log in this process (see {@link #retentionReleasedBelow}). */
    public boolean retentionReleasedFiles() {
        return retentionReleasedBelow() > 0;
    }

    /**
     * Bytes of the commit log not yet in the consume queues: records waiting for a force under
     * SYNC_FLUSH, or a dispatch backlog after a write error. Readers see them once this drops.
     */
    public long dispatchBehindBytes() {
        return Math.max(0, commitLog.maxOffset() - dispatcher.dispatchedOffset());
    }

    public long getMaxPhyOffset() {
        return commitLog.maxOffset();
    }

    /** Every topic queue with a consume queue, in order. */
    public List<TopicQueue> consumeQueueKeys() {
        List<TopicQueue> keys = new ArrayList<>();
        consumeQueues.queues().forEach(q -> keys.add(new TopicQueue(q.topic(), q.queueId())));
        return keys;
    }

    /** See {@link ConsumeQueueSlice}; null when the store has no such consume queue. */
    public ConsumeQueueSlice consumeQueueSlice(String topic, int queueId, long index, int count) {
        ConsumeQueue q = consumeQueues.find(topic, queueId);
        if (q == null) {
            return null;
        }
        SelectMappedBufferResult buffer = index < q.minOffsetInQueue() ? null : q.getIndexBuffer(index);
        if (buffer == null) {
            return new ConsumeQueueSlice(q.minOffsetInQueue(), q.maxOffsetInQueue(), null);
        }
        List<ConsumeQueueFormat.Entry> entries = new ArrayList<>();
        try {
            ByteBuffer bytes = buffer.byteBuffer();
            for (int at = 0; at + ConsumeQueueFormat.CQ_STORE_UNIT_SIZE <= buffer.size() && entries.size() < count;
                    at += ConsumeQueueFormat.CQ_STORE_UNIT_SIZE) {
                entries.add(ConsumeQueueFormat.read(bytes, at));
            }
        } finally {
            buffer.release();
        }
        return new ConsumeQueueSlice(q.minOffsetInQueue(), q.maxOffsetInQueue(), entries);
    }

    /** The raw consume-queue entry (fillers included), or null. */
    public ConsumeQueueFormat.Entry consumeQueueEntry(String topic, int queueId, long consumeQueueOffset) {
        ConsumeQueue q = consumeQueues.find(topic, queueId);
        return q == null ? null : q.entry(consumeQueueOffset);
    }

    /**
     * Checks every served consume-queue entry against the commit-log record it points at (topic, queue
     * id, queue offset, size, and that the record is intact); returns the problems found, at most
     * {@value ConsumeQueueVerifier#MAX_PROBLEMS}, empty when every entry is right. Read-only, for
     * simulation checkers; call it on the store's loop once the store serves (before that it finds no
     * queues). Fillers and entries whose record retention deleted are skipped.
     */
    public List<ConsumeQueueProblem> verifyConsumeQueues() {
        return new ConsumeQueueVerifier(commitLog, consumeQueues).verify();
    }

    /**
     * The store's cross-part invariants, for the simulator to call between events: every file queue
     * keeps its shape; nothing is dispatched or durable past the commit log's end; under SYNC_FLUSH
     * nothing is visible that no force covers (the rule fuzz1-239 taught); every consume queue
     * points only at dispatched records and ends at or below the next queue offset the commit log
     * will hand out. Read-only and without disk reads; throws {@code Check.InvariantViolation}.
     */
    public void invariants() {
        if (flags.state() != RunningFlags.State.SERVING) {
            return;
        }
        commitLog.files().invariants();
        long end = commitLog.maxOffset();
        long dispatched = dispatcher.dispatchedOffset();
        long durable = commitLogFlush.durableOffset();
        Check.state(dispatched <= end, "dispatched up to {}, past the commit log's end {}", dispatched, end);
        Check.state(durable <= end, "durable up to {}, past the commit log's end {}", durable, end);
        Check.state(config.flushDiskType() != FlushDiskType.SYNC_FLUSH || dispatched <= durable,
                "SYNC_FLUSH: records up to {} are visible but only {} is durable", dispatched, durable);
        long entriesBelow = dispatcher.entriesBelow();
        for (ConsumeQueue q : consumeQueues.queues()) {
            q.invariants();
            Check.state(q.maxPhysicOffset() <= entriesBelow, "{} points at commit-log offset {}, past the dispatched {}",
                    q, q.maxPhysicOffset(), entriesBelow);
            long next = commitLog.nextQueueOffset(new TopicQueue(q.topic(), q.queueId()));
            Check.state(q.maxOffsetInQueue() <= next, "{} ends past the next queue offset {} the commit log hands out",
                    q, next);
        }
    }

    // ---- runtime ----------------------------------------------------------------------------

    public boolean isWriteable() {
        return flags.whyNotWriteable() == null;
    }

    /** Why puts are refused now, or null. */
    public String whyNotWriteable() {
        return flags.whyNotWriteable();
    }

    /** How long the commit log's successful force rounds took (ms); read on the store's loop. */
    public Histogram commitLogForceLatencyMs() {
        return commitLogFlush.forceLatencyMs();
    }

    /** On a SYNC_MASTER, how long puts waited for a slave's acknowledgement (ms); read on the store's loop. */
    public Histogram replicaAckLatencyMs() {
        return replicaWaits.ackLatencyMs();
    }

    public StoreStats stats() {
        return new StoreStats(commitLog.minOffset(), commitLog.maxOffset(), commitLogFlush.durableOffset(),
                dispatcher.dispatchedOffset(), clean.diskUsedRatio(), puts.putMessageTimesTotal(), puts.putMessageSizeTotal(),
                puts.outcomes(), commitLogFlush.forces(), commitLogFlush.forceFailures(), commitLogFlush.acknowledgedByForce(),
                consumeQueueFlush.failures(), recovered == null ? 0 : recovered.damagedRecords(), reader.damagedReads(),
                recovered == null ? 0 : recovered.truncatedBytes(), clean.filesDeleted(), consumeQueues.queues().size());
    }

    /** RocketMQ's {@code executeDeleteFilesManually}: delete expired files at the next runs, whatever the hour. */
    public void executeDeleteFilesManually() {
        clean.deleteExpiredFilesManually();
    }

    /**
     * Tests only: SYNC_FLUSH puts are acknowledged before any force (a store that lies); the same as
     * constructing the store with {@link Sabotage#ACK_SYNC_FLUSH_BEFORE_FORCE}.
     */
    public void sabotageAckBeforeForce() {
        commitLogFlush.sabotageAckBeforeForce();
    }

    /** The test-only sabotage switches this store was built with (empty in production). */
    public Set<Sabotage> sabotage() {
        return sabotage;
    }
}
