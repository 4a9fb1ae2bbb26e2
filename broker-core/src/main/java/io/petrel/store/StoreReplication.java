package io.petrel.store;

import io.petrel.common.Check;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageFormat.RecordCheck;
import io.petrel.env.DiskException;
import io.petrel.env.NodeLog;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.commitlog.CommitLogScanner;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.file.SelectMappedBufferResult;
import io.petrel.store.file.StoreFileException;
import io.petrel.store.format.CheckpointFormat.Checkpoint;
import io.petrel.store.queue.ConsumeQueue;
import io.petrel.store.queue.ConsumeQueueTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The store's side of replication, kept apart from {@link MessageStore} so the composition root stays
 * a root: what a master may send and reads for its slaves, how a SYNC_MASTER's puts wait for a
 * slave (through {@link ReplicaWaitService}), and what a slave needs to find where it and its master
 * part and to cut its log back there. Every entry passes the store's {@link StoreGuard}.
 *
 * <p>Driven by the store's loop. A crash loses the acknowledgement waiters (their producers time
 * out) and nothing else: the log, the queues and the checkpoint recover as always.
 */
public final class StoreReplication {

    private final StoreConfig config;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final Dispatcher dispatcher;
    private final CommitLogFlushService commitLogFlush;
    private final ConsumeQueueFlushService consumeQueueFlush;
    private final StoreCheckpoint checkpoint;
    private final ReplicaWaitService replicaWaits;
    private final PutService puts;
    private final MessageReader reader;
    private final StoreGuard guard;
    private final RunningFlags flags;
    private final NodeLog log;
    private Runnable replicableListener = () -> { };
    private final Consumer<String> fail;
    /** A cut lowered the checkpoint, and no force of it has succeeded since. */
    private boolean cutAwaitsForce;
    private boolean cutForceInFlight;

    StoreReplication(StoreConfig config, CommitLog commitLog, ConsumeQueueTable consumeQueues, Dispatcher dispatcher,
            CommitLogFlushService commitLogFlush, ConsumeQueueFlushService consumeQueueFlush,
            StoreCheckpoint checkpoint, ReplicaWaitService replicaWaits,
            PutService puts, MessageReader reader, StoreGuard guard, RunningFlags flags, Consumer<String> fail,
            NodeLog log) {
        this.config = config;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.dispatcher = dispatcher;
        this.commitLogFlush = commitLogFlush;
        this.consumeQueueFlush = consumeQueueFlush;
        this.checkpoint = checkpoint;
        this.replicaWaits = replicaWaits;
        this.puts = puts;
        this.reader = reader;
        this.guard = guard;
        this.flags = flags;
        this.fail = fail;
        this.log = log;
    }

    /**
     * Refuses client puts (SERVICE_NOT_AVAILABLE with {@code reason}) while replication needs the log
     * to stay as it is: a master waiting for its slave to hand back the tail it lost. Appends of
     * replicated bytes ({@link MessageStore#appendToCommitLog}) still go in.
     */
    public void holdWrites(String reason) {
        flags.setHeldForReplica(reason);
    }

    public void releaseWrites() {
        flags.setHeldForReplica(null);
    }

    /** The durable offset grew under SYNC_FLUSH: more may be sent. */
    void onDurableAdvance() {
        replicableListener.run();
    }

    /**
     * Makes this store a SYNC_MASTER's: puts that wait ({@code WAIT=true}, the default) are answered
     * only once a slave acknowledged them (see {@link PutAcknowledger}), and, under ASYNC_FLUSH, a
     * record becomes visible to consumers once it is forced or a slave holds it (see
     * {@link Dispatcher}): what a consumer saw survives a power loss of this master. Call before puts
     * arrive.
     */
    public void setReplicaAcks(ReplicaAcks acks, int slaveTimeoutMs) {
        replicaWaits.setAcks(acks, slaveTimeoutMs);
        if (!dispatcher.isGated()) {
            // What is in the log now was dispatched (or waits in a stalled backlog) ungated.
            dispatcher.gateOnSafe(commitLog.maxOffset());
        }
    }

    /** A slave reported a new offset: answer the puts it acknowledged; what it holds is safe. */
    public void onReplicaAck() {
        guard.run(() -> {
            replicaWaits.onAck();
            ReplicaAcks acks = replicaWaits.acks();
            if (acks != null) {
                dispatcher.onSafe(acks.replicatedEnd());
            }
        });
    }

    /**
     * The end of what a slave may receive: the commit log's end under ASYNC_FLUSH; under SYNC_FLUSH
     * its durable end, so a slave never holds bytes a power loss of its master could take back (and
     * a master never has to ask its slave for its own tail after such a loss).
     */
    public long replicableOffset() {
        return config.flushDiskType() == FlushDiskType.SYNC_FLUSH ? commitLogFlush.durableOffset() : commitLog.maxOffset();
    }

    /** {@code listener} runs (on the loop) whenever {@link #replicableOffset} may have grown. */
    public void setReplicableListener(Runnable listener) {
        Runnable outside = guard.outside(listener);
        this.replicableListener = outside;
        puts.onAppended(config.flushDiskType() == FlushDiskType.ASYNC_FLUSH ? outside : () -> { });
    }

    /**
     * Commit-log bytes for a slave, not copied: a read-only view of the log from {@code offset}, at
     * most {@code maxBytes}, never past the end of the file holding {@code offset} nor past
     * {@link #replicableOffset}. The view stays readable after retention deletes its file (see
     * {@code DiskFile.slice}) and its bytes do not change: below its end a master's log is only ever
     * appended to. Null when there is nothing there yet (or no longer).
     */
    public ByteBuffer sliceForReplica(long offset, int maxBytes) {
        return maxBytes <= 0 ? null : view(offset, maxBytes, replicableOffset(), ByteBuffer::asReadOnlyBuffer);
    }

    /**
     * Commit-log bytes from {@code offset} to at most {@code maxBytes}, the file's end or the log's
     * end, copied: what a slave hands back to a master that lost them. Null when there are none.
     */
    public ByteBuffer readTail(long offset, int maxBytes) {
        return read(offset, maxBytes, commitLog.maxOffset());
    }

    private ByteBuffer read(long offset, int maxBytes, long limitOffset) {
        return view(offset, maxBytes, limitOffset, v -> ByteBuffer.allocate(v.remaining()).put(v).flip());
    }

    /**
     * {@code as} applied to a view of the log from {@code offset}, at most {@code maxBytes}, never
     * past the end of its file nor past {@code limitOffset}; null when there is nothing there.
     */
    private ByteBuffer view(long offset, int maxBytes, long limitOffset, UnaryOperator<ByteBuffer> as) {
        return guard.call(() -> {
            if (offset >= limitOffset) {
                return null;
            }
            SelectMappedBufferResult data = commitLog.getData(offset);
            if (data == null) {
                return null;
            }
            try {
                int n = (int) Math.min(Math.min(maxBytes, data.size()), limitOffset - offset);
                return as.apply(data.byteBuffer().slice(data.byteBuffer().position(), n));
            } finally {
                data.release();
            }
        });
    }

    /**
     * A slave cuts its commit log back to {@code offset} (a record boundary), because its master's
     * log differs from there on: the log is cut and zeroed past it, consume queues lose the entries
     * pointing past it, queue offsets and positions go back with them. Index entries past it stay
     * and find nothing (a key lookup re-reads every record it returns). Returns the bytes dropped.
     * The checkpoint is lowered and written at once, so a restart does not take the cut for damage,
     * and then forced: until that force succeeds the store takes no replicated bytes
     * ({@link #cutIsDurable}). Otherwise a power loss could keep new bytes past the cut under the
     * old checkpoint, which vouches for the dropped ones: recovery then reads a mix of the two logs
     * as intact and dispatches queue entries into it (fuzz6-84521).
     *
     * <p>A disk error halfway (a file deleted, the next not yet zeroed; the log cut, its queues not)
     * leaves memory and files disagreeing in ways no later step can repair in place: the store stops
     * serving ({@code FAILED}) and the broker exits, as after a crash in the middle of the cut, which
     * recovery handles (the abort file stays, the checkpoint was lowered before anything was cut, so
     * the log ends at the first zeroed page, and a slave checks its log against its master's again
     * before it streams). The error then travels on.
     */
    public long truncateTo(long offset) {
        return guard.call(() -> {
            long end = commitLog.maxOffset();
            Check.argument(offset >= 0 && offset >= commitLog.minOffset(), "truncate below the log's start: {}", offset);
            if (offset >= end) {
                return 0L;
            }
            try {
                cut(offset);
            } catch (DiskException | StoreFileException e) {
                fail.accept("cutting the commit log back from " + end + " to " + offset + " failed halfway: "
                        + e.getMessage());
                throw e;
            }
            log.probe("store-truncated-to-master");
            return end - offset;
        });
    }

    private void cut(long offset) {
        // The checkpoint goes down first: a cut that stops halfway (a write error, a crash) leaves
        // zeroed pages before records it had not reached yet, and recovery, trusting a checkpoint
        // above them, would skip the zeros as damage and bring those records back (fuzz2-733791).
        Checkpoint ck = checkpoint.current();
        checkpoint.setPhysic(Math.min(ck.physicOffset(), offset), 0);
        checkpoint.setLogics(Math.min(ck.logicsOffset(), offset), 0);
        checkpoint.setIndex(Math.min(ck.indexOffset(), offset), 0);
        checkpoint.writeNow();
        commitLog.files().truncateDirtyFiles(offset);
        dispatcher.truncateTo(offset);
        commitLogFlush.truncateTo(offset);
        consumeQueueFlush.truncateTo(offset);
        for (ConsumeQueue q : consumeQueues.queues()) {
            q.truncateTo(offset);
            commitLog.queueOffsets().set(new TopicQueue(q.topic(), q.queueId()), q.maxOffsetInQueue());
        }
        cutAwaitsForce = true;
        forceCut();
    }

    private void forceCut() {
        if (cutForceInFlight) {
            return;
        }
        cutForceInFlight = true;
        checkpoint.flush(() -> {
            cutForceInFlight = false;
            DiskException failure = checkpoint.lastFlushFailure();
            if (failure == null) {
                cutAwaitsForce = false;
            } else {
                log.warn("replication: the checkpoint lowered by a cut could not be forced ({}); this slave takes no "
                        + "replicated bytes until it is", failure.getMessage());
            }
        });
    }

    /**
     * Whether the last cut's lowered checkpoint is durable, so replicated bytes may go past the cut;
     * when it is not, a force is started again (a disk error may have passed) and this answers false.
     */
    boolean cutIsDurable() {
        if (cutAwaitsForce) {
            log.probe("store-append-waits-for-cut-force");
            forceCut();
        }
        return !cutAwaitsForce;
    }

    /**
     * A master that lost its tail in a power loss, taking back a slave's copy that starts at
     * {@code fileStart}, a file start past this log's end: the slave's retention deleted what lay in
     * between, so those bytes are gone from the pair. Fills the rest of the last file, and every
     * whole file before {@code fileStart}, with an end-of-file blank record (zeros after its 8-byte
     * header), as a file roll leaves them, so the log continues at {@code fileStart}. Returns the
     * bytes skipped. A disk error leaves the log where it got to (a later push is refused, naming
     * the offset).
     */
    public long padToFileStart(long fileStart) {
        return guard.call(() -> {
            long end = commitLog.maxOffset();
            int fileSize = commitLog.files().fileSize();
            Check.argument(fileStart > end && fileStart % fileSize == 0, "pad from {} to {}: not a later file start",
                    end, fileStart);
            ByteBuffer zeros = ByteBuffer.allocate(Math.min(fileSize, PAD_CHUNK));
            for (long at = end; at < fileStart; ) {
                long fileEnd = (at / fileSize + 1) * fileSize;
                commitLog.appendRaw(at, MessageFormat.blankRecord((int) (fileEnd - at)));
                for (long filled = at + MessageFormat.END_FILE_MIN_BLANK_LENGTH; filled < fileEnd; ) {
                    int n = (int) Math.min(zeros.capacity(), fileEnd - filled);
                    commitLog.appendRaw(filled, zeros.duplicate().limit(n));
                    filled += n;
                }
                at = fileEnd;
            }
            dispatcher.dispatchAppendedBytes(new CommitLogScanner(commitLog.files(), true));
            commitLogFlush.requestRound();
            log.probe("store-padded-to-replica-tail");
            return fileStart - end;
        });
    }

    private static final int PAD_CHUNK = 64 * 1024;

    /**
     * Whether the commit log holds no bytes (new, or cut back to its start): a slave then reports
     * offset 0, and its master feeds it from the start of its own last file.
     */
    public boolean holdsNothing() {
        return guard.call(commitLog::holdsNothing);
    }

    /** A message record's place in the commit log. */
    public record RecordSpan(long offset, int size) {
        public long end() {
            return offset + size;
        }
    }

    /** The intact record at {@code offset} as a copy of its bytes, or null when there is none. */
    public byte[] recordBytesAt(long offset) {
        SelectMappedBufferResult r = guard.call(() -> reader.selectOneMessageByOffset(offset));
        if (r == null) {
            return null;
        }
        try {
            byte[] copy = new byte[r.size()];
            r.byteBuffer().duplicate().get(copy);
            return copy;
        } finally {
            r.release();
        }
    }

    /** The start offsets of the commit-log files, oldest first. */
    public List<Long> commitLogFileStarts() {
        List<Long> starts = new ArrayList<>();
        commitLog.files().files().forEach(f -> starts.add(f.fileFromOffset()));
        return starts;
    }

    /**
     * The message records of the file starting at {@code fileStart} that end at or before
     * {@code limit}, in order, up to the first bytes that are not a record. Reads the file from disk:
     * for a slave's rare search for where it and its master part.
     */
    public List<RecordSpan> recordSpans(long fileStart, long limit) {
        return guard.call(() -> {
            List<RecordSpan> spans = new ArrayList<>();
            CommitLogScanner scanner = new CommitLogScanner(commitLog.files(), false);
            long at = fileStart;
            long fileEnd = fileStart + config.mappedFileSizeCommitLog();
            while (at < fileEnd && at < limit) {
                CommitLogScanner.Step step = scanner.read(at, false);
                if (step.kind() != RecordCheck.Kind.MESSAGE || step.next() > limit) {
                    break;
                }
                spans.add(new RecordSpan(at, step.size()));
                at = step.next();
            }
            return spans;
        });
    }

    /**
     * The end of the last whole record (or end-of-file blank) from {@code from}, a record boundary,
     * to the log's end. A slave's log may end inside a record (a transfer cuts records anywhere, and a
     * failed append can leave the rest out); only whole records may go back to a master, which
     * appends after them (fuzz6-127137).
     */
    public long wholeRecordsEnd(long from) {
        return guard.call(() -> {
            long end = commitLog.maxOffset();
            CommitLogScanner scanner = new CommitLogScanner(commitLog.files(), false);
            long at = from;
            while (at < end) {
                CommitLogScanner.Step step = scanner.read(at, false);
                if (step.kind() == RecordCheck.Kind.INVALID || step.size() <= 0 || step.next() > end) {
                    break;
                }
                at = step.next();
            }
            return at;
        });
    }

    /** Where a slave with an empty log starts: the first byte of the file holding the end (RocketMQ's rule). */
    public long lastFileStart() {
        long end = commitLog.maxOffset();
        return end - end % config.mappedFileSizeCommitLog();
    }
}
