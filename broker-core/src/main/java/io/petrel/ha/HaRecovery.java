package io.petrel.ha;

import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageFormat.RecordCheck;
import io.petrel.env.Cancellable;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.store.FlushDiskType;
import io.petrel.store.MessageStore;
import io.petrel.store.file.StoreFileException;
import java.nio.ByteBuffer;

/**
 * A master taking back the tail of its log that a power loss took and its slave still holds.
 *
 * <p>Why: under ASYNC_FLUSH a master's page cache is lost with its power, but its slave may already
 * have those bytes (and under SYNC_MASTER acknowledged them to producers). RocketMQ 4.9 then refuses
 * the slave forever, or, once the master has written new messages at those offsets, the two logs
 * differ silently. Petrel's master instead, after an abnormal stop, holds client writes until a
 * slave has either handed the lost tail back ({@link PushTail}) or shown it holds nothing past the
 * master's end, and only when it ever had a slave (a marker file written when the first slave
 * streams). An ASYNC_MASTER waits at most {@link #WAIT_MS}: it promises availability, and may lose
 * what its slave had not received anyway. A SYNC_MASTER waits until a slave reports: it promised
 * that an acknowledged message survives its own power loss, and its slave may hold the only copy;
 * every {@link #WAIT_MS} it logs how an operator who knows the slave is gone for good gives up
 * (delete the marker file and restart). Under SYNC_FLUSH there is nothing to wait for: a slave only
 * ever receives bytes its master made durable.
 *
 * <p>States: IDLE (not waiting) and WAITING, WAITING -> IDLE once a slave reports, on the timeout, or
 * when a slave turns out to hold a tail it could not hand back (logged as an ERROR: those bytes are
 * gone from this pair). Driven by the master's loop; a crash while waiting just waits again. The
 * wait is written into the marker file before writes are held and cleared when it ends, so a
 * clean stop while waiting (an operator's {@code mqshutdown}) does not end it: the next start waits
 * again. Without that, the restarted master would take writes at offsets its slave holds
 * acknowledged messages at, and the slave would drop them as a diverged tail (found by the fuzzer,
 * fuzz2-700415).
 *
 * <p>A slave whose retention deleted the file where the master's lost tail begins hands back what it
 * still holds from its first file; the master then ends its last file (and any whole file between)
 * with end-of-file blanks and takes the tail at that file's start. The deleted part is gone from the
 * pair, logged as an ERROR; before, the slave handed nothing back and its later file, which may hold
 * messages a SYNC_MASTER acknowledged, was cut away (fuzz6-99453).
 */
public final class HaRecovery {

    /** How long a restarted master waits for its slave: a slave reconnects within 5 s of noticing. */
    public static final long WAIT_MS = 30_000;

    private final Env env;
    private final MessageStore store;
    private final DurableFile marker;
    private boolean waiting;
    private boolean markerWritten;
    private boolean waitedAtLastStop;
    private Cancellable timeout = Cancellable.NONE;
    private long tailBytesTaken;

    public HaRecovery(Env env, MessageStore store, String markerPath) {
        this.env = env;
        this.store = store;
        this.marker = new DurableFile(env, markerPath);
    }

    /**
     * Reads the marker file, before the broker starts.
     *
     * @throws io.petrel.common.UnreadableFileException naming the file when it cannot be read
     */
    public void load() {
        Marker saved = marker.read(Marker.class, "replication marker");
        markerWritten = saved != null;
        waitedAtLastStop = saved != null && saved.awaitingTail();
    }

    /** The marker file's content: a slave has streamed from this master; whether a wait is pending. */
    record Marker(boolean slaveSeen, boolean awaitingTail) {
    }

    private void saveMarker(boolean awaitingTail) {
        marker.save(Json.write(new Marker(true, awaitingTail)), null);
    }

    /** After the store started: wait for a slave's tail when the last stop was abnormal. */
    public void begin(boolean lastExitClean, boolean syncMaster) {
        boolean abnormal = !lastExitClean || waitedAtLastStop;
        if (!abnormal || !markerWritten || store.config().flushDiskType() == FlushDiskType.SYNC_FLUSH) {
            return;
        }
        waiting = true;
        saveMarker(true);
        env.log().probe("ha-master-awaiting-tail");
        String limit = syncMaster ? "with no time limit (SYNC_MASTER)" : "at most " + WAIT_MS + " ms";
        env.log().warn("replication: this master stopped abnormally{} and has had a slave: client writes wait, {}, "
                + "for a slave to hand back what the stop may have lost",
                lastExitClean ? " (or was stopped while waiting for its slave)" : "", limit);
        store.replication().holdWrites("this master restarted after an abnormal stop and waits (" + limit
                + ") for its slave to hand back the commit-log tail it may have lost");
        if (syncMaster) {
            timeout = env.scheduler().schedule(WAIT_MS, this::remind);
        } else {
            timeout = env.scheduler().schedule(WAIT_MS, () -> finish("no slave reported within " + WAIT_MS + " ms; "
                    + "bytes a slave may hold past this master's end are lost to this pair"));
        }
    }

    private void remind() {
        if (!waiting) {
            return;
        }
        env.log().warn("replication: this SYNC_MASTER still waits for its slave to hand back what its abnormal stop may "
                + "have lost, and refuses client writes meanwhile; if the slave is gone for good, stop this broker, "
                + "delete {} and start it again (messages only that slave held are then lost)", marker.path());
        timeout = env.scheduler().schedule(WAIT_MS, this::remind);
    }

    public boolean isWaiting() {
        return waiting;
    }

    public long tailBytesTaken() {
        return tailBytesTaken;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(PushTail.REQUEST_CODE, this::onPushTail);
    }

    /** A slave's first report on a new connection; {@code end} is this master's log end. */
    void onSlaveReport(long offset, long end) {
        if (!markerWritten) {
            markerWritten = true;
            saveMarker(false);
        }
        if (!waiting) {
            return;
        }
        if (offset <= end) {
            finish("a slave reports " + offset + ", not past this master's end " + end);
        } else {
            env.log().error("replication: a slave holds {} bytes past this master's end {} and did not hand them back "
                    + "(an Apache slave cannot); they are lost to this pair", offset - end, end);
            finish("a slave is ahead and cannot hand its tail back");
        }
    }

    private void onPushTail(RemotingChannel channel, RemotingCommand request) {
        long offset = request.decodeHeader(PushTail.Header.class).offset();
        byte[] body = request.bodyBytes();
        long end = store.getMaxPhyOffset();
        boolean laterFile = offset > end && offset % store.config().mappedFileSizeCommitLog() == 0;
        String problem = !waiting ? "this master is not waiting for a tail"
                : body == null || body.length == 0 || body.length > PushTail.MAX_BYTES
                        ? "a tail push carries 1 to " + PushTail.MAX_BYTES + " bytes"
                        : offset != end && !laterFile ? "the tail starts at " + offset + " but this master's log ends at "
                                + end + " (and " + offset + " is not a later file's start)" : notWholeRecords(body, offset);
        if (problem != null) {
            Replies.error(channel, request, ResponseCode.SYSTEM_ERROR, problem);
            return;
        }
        if (laterFile) {
            // The slave's retention deleted [end, offset): those bytes are gone from the pair; what it
            // still holds comes back, after a blank that ends this master's file as a roll would.
            long skipped;
            try {
                skipped = store.replication().padToFileStart(offset);
            } catch (DiskException | StoreFileException e) {
                Replies.error(channel, request, ResponseCode.SYSTEM_ERROR, "cannot skip to " + offset + ": " + e.getMessage());
                return;
            }
            env.log().error("replication: slave {} no longer holds this master's lost tail from {} to {} (its retention "
                    + "deleted it): {} bytes are lost to this pair; taking back what it holds from {}",
                    channel.remoteAddress(), end, offset, skipped, offset);
        }
        if (!store.appendToCommitLog(offset, ByteBuffer.wrap(body))) {
            Replies.error(channel, request, ResponseCode.SYSTEM_ERROR, "the store refused the tail at " + offset);
            return;
        }
        tailBytesTaken += body.length;
        env.log().probe("ha-master-took-tail");
        env.log().info("replication: took {} bytes of lost tail back from slave {} at {}", body.length,
                channel.remoteAddress(), offset);
        Replies.ok(channel, request);
    }

    /**
     * Null when {@code body}, to go at {@code offset}, is whole records (and end-of-file blanks), each
     * at the offset it claims; else where it is not. This master appends after the tail, so a record
     * cut short there would break its log (fuzz6-127137: a slave handed back the first part of one).
     */
    static String notWholeRecords(byte[] body, long offset) {
        ByteBuffer b = ByteBuffer.wrap(body);
        for (int at = 0; at < body.length; ) {
            RecordCheck check = MessageFormat.check(b, at, body.length - at, false, offset + at);
            if (check.kind() == RecordCheck.Kind.INVALID || check.size() <= 0) {
                return "a tail must hold whole records: the bytes at " + (offset + at) + " are not one ("
                        + check.problem() + ")";
            }
            at += check.size();
        }
        return null;
    }

    private void finish(String why) {
        if (!waiting) {
            return;
        }
        waiting = false;
        saveMarker(false);
        timeout.cancel();
        store.replication().releaseWrites();
        env.log().info("replication: client writes accepted again ({}; {} bytes taken back)", why, tailBytesTaken);
    }

    public void stop() {
        timeout.cancel();
    }
}
