package io.petrel.broker.schedule;

import io.petrel.common.TopicValidator;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Cancellable;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.store.MessageStore;
import io.petrel.store.PutMessageResult;
import io.petrel.store.PutMessageStatus;
import io.petrel.store.commitlog.BrokerMessage;
import io.petrel.store.format.ConsumeQueueFormat;

/**
 * Delivers one delay level: walks its SCHEDULE_TOPIC_XXXX queue in order and re-puts each message
 * to its real topic once the broker's clock reaches the deliver time stored as the entry's
 * tagsCode. A level's entries share one delay, so they come due in queue order and the head
 * decides when to wake: the timer sleeps until the head is due (at most {@link #MAX_SLEEP_MS}, so
 * a wall clock stepped forward is noticed within a second), and an empty level sleeps until the
 * store reports an arrival (with a slow re-check as a safety net). One re-put is in flight at a
 * time, so deliveries of a level keep their order.
 *
 * <p>States: IDLE (nothing to deliver) → SCHEDULED (a look is queued) → WAITING (head not due) or
 * PUTTING (re-put in flight) → SCHEDULED …; any state → STOPPED. A deliver time more than one
 * level delay in the future means the clock was stepped back; that head then waits one level
 * delay, not until the shifted time (RocketMQ delivers such a head at once, which would be early
 * by the broker's own clock).
 *
 * <p>Driven by the broker's loop. A crash loses only the in-memory cursor; the next start resumes
 * from {@code delayOffset.json} and re-delivers what happened after its last save.
 */
final class LevelDeliverer {

    static final long MAX_SLEEP_MS = 1_000;
    static final long IDLE_RECHECK_MS = 10_000;
    static final long RETRY_AFTER_FAILURE_MS = 1_000;

    private enum State { IDLE, SCHEDULED, WAITING, PUTTING, STOPPED }

    private final Env env;
    private final MessageStore store;
    private final DelayOffsetTable table;
    private final int level;
    private final int queueId;
    private final long delayMs;
    private State state = State.IDLE;
    private Cancellable timer = Cancellable.NONE;
    private long deliveredCount;

    LevelDeliverer(Env env, MessageStore store, DelayOffsetTable table, int level, long delayMs) {
        this.env = env;
        this.store = store;
        this.table = table;
        this.level = level;
        this.queueId = level - 1;
        this.delayMs = delayMs;
    }

    int level() {
        return level;
    }

    long deliveredCount() {
        return deliveredCount;
    }

    /** Whether a re-put is in flight: appended or about to be, its outcome not yet recorded. */
    boolean isPutting() {
        return state == State.PUTTING;
    }

    void start() {
        correctCursor();
        lookSoon();
    }

    void stop() {
        timer.cancel();
        state = State.STOPPED;
    }

    /** A message arrived in this level's queue: an idle level looks at once. */
    void onArrival() {
        if (state == State.IDLE) {
            timer.cancel();
            lookSoon();
        }
    }

    /** RocketMQ's correctDelayOffset: a saved cursor outside the queue's range is moved into it. */
    private void correctCursor() {
        long offset = table.delivered(level);
        long min = store.getMinOffsetInQueue(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC, queueId);
        long max = store.getMaxOffsetInQueue(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC, queueId);
        long corrected = Math.max(min, Math.min(offset, max));
        if (corrected != offset) {
            env.log().warn("delay level {}: cursor {} outside the queue's range [{}, {}], moved to {}", level, offset, min,
                    max, corrected);
            table.moveTo(level, corrected);
        }
    }

    private void lookSoon() {
        state = State.SCHEDULED;
        timer = env.scheduler().execute(this::look);
    }

    private void sleep(State next, long delay) {
        state = next;
        timer = env.scheduler().schedule(delay, this::look);
    }

    private void look() {
        if (state == State.STOPPED || state == State.PUTTING) {
            return;
        }
        try {
            lookAtHead();
        } catch (DiskException e) {
            // A failed read of the schedule queue or the commit log: nothing was delivered or
            // skipped, so look at the same entry again shortly.
            env.log().warn("delay level {}: reading the schedule queue failed ({}); retrying in {} ms", level,
                    e.getMessage(), MAX_SLEEP_MS);
            sleep(State.IDLE, MAX_SLEEP_MS);
        }
    }

    private void lookAtHead() {
        long offset = table.delivered(level);
        long min = store.getMinOffsetInQueue(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC, queueId);
        if (offset < min) {
            env.log().warn("delay level {}: entries before {} were deleted by retention; skipping from {}", level, min, offset);
            table.moveTo(level, min);
            offset = min;
        }
        ConsumeQueueFormat.Entry entry = store.consumeQueueEntry(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC, queueId, offset);
        if (entry == null || !entry.isWritten()) {
            sleep(State.IDLE, IDLE_RECHECK_MS);
            return;
        }
        if (entry.isFiller()) {
            skip(offset, "a filler entry");
            return;
        }
        long now = env.clock().nowMs();
        long deadline = deadline(offset, entry.tagsCode(), now);
        if (now < deadline) {
            sleep(State.WAITING, Math.min(deadline - now, MAX_SLEEP_MS));
            return;
        }
        deliver(offset, entry.commitLogOffset());
    }

    /**
     * The head's deliver time, unless it lies more than one level delay ahead of now: then the
     * clock was stepped back since the message was stored, and the entry is due at once (as
     * RocketMQ's correctDeliverTimestamp does). Waiting a level delay per such entry instead would
     * hold a queue of them back for its length times the delay.
     */
    private long deadline(long offset, long deliverTimestamp, long now) {
        return deliverTimestamp > now + delayMs ? now : deliverTimestamp;
    }

    private void deliver(long offset, long commitLogOffset) {
        StoredMessage stored = store.lookMessageByOffset(commitLogOffset);
        if (stored == null) {
            skip(offset, "no intact message at commit-log offset " + commitLogOffset);
            return;
        }
        StringBuilder why = new StringBuilder();
        BrokerMessage message = TimeUpMessage.of(stored, why);
        if (message == null) {
            skip(offset, "the message at commit-log offset " + commitLogOffset + " cannot be delivered: " + why);
            return;
        }
        state = State.PUTTING;
        store.putMessage(message, result -> onPut(offset, result));
    }

    private void onPut(long offset, PutMessageResult result) {
        if (result.isAppended()) {
            table.record(level, offset + 1, result.appendMessageResult().wroteEnd());
            deliveredCount++;
            env.log().probe("broker-delay-delivered");
            lookNext();
        } else if (result.status() == PutMessageStatus.MESSAGE_ILLEGAL
                || result.status() == PutMessageStatus.PROPERTIES_SIZE_EXCEEDED) {
            skip(offset, "the store refused it: " + result.status() + " " + result.remark());
        } else {
            env.log().warn("delay level {}: re-put of entry {} failed ({} {}); retrying in {} ms", level, offset,
                    result.status(), result.remark(), RETRY_AFTER_FAILURE_MS);
            if (state != State.STOPPED) {
                sleep(State.WAITING, RETRY_AFTER_FAILURE_MS);
            }
        }
    }

    /** Looks at the next entry unless stopped. */
    private void lookNext() {
        if (state != State.STOPPED) {
            lookSoon();
        }
    }

    private void skip(long offset, String why) {
        env.log().warn("delay level {}: skipping entry {}: {}", level, offset, why);
        table.moveTo(level, offset + 1);
        lookNext();
    }
}
