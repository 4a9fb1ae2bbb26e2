package io.petrel.broker.schedule;

import io.petrel.common.DelayOffsetSerializeWrapper;
import io.petrel.common.DurableFile;
import io.petrel.common.TopicValidator;
import io.petrel.env.Cancellable;
import io.petrel.env.Env;
import io.petrel.store.MessageStore;
import io.petrel.store.commitlog.DelayLevelTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Delivers delayed messages (RocketMQ's {@code ScheduleMessageService}, docs/protocol.md §6.7):
 * the store parks a message with DELAY = n in SCHEDULE_TOPIC_XXXX queue n − 1 with its deliver
 * time as tagsCode; this service re-puts it to its real topic and queue when the broker's clock
 * reaches that time.
 *
 * <p>One {@link LevelDeliverer} per level of {@code messageDelayLevel}, each with its own timer
 * that sleeps until its head is due, rather than one ticking timer for all levels: a level's
 * entries share one delay and so come due in order, so the head alone decides when to wake, an
 * idle level costs nothing, and a level blocked by a failing re-put does not hold the others up.
 * In simulation this also keeps the event count proportional to deliveries instead of to elapsed
 * virtual time.
 *
 * <p>Runs on masters only (a slave keeps the table for GET_ALL_DELAY_OFFSET). Progress is saved to
 * {@code config/delayOffset.json} every {@code flushDelayOffsetInterval} and after the store's
 * shutdown, only as far as the commit log is durable (see {@link DelayOffsetTable}), so a crash or
 * a power loss never loses a delayed message and never delivers one before its time; it may
 * deliver one twice. Single-threaded on the broker's loop.
 */
public final class ScheduleMessageService {

    private final Env env;
    private final MessageStore store;
    private final DelayOffsetTable table;
    private final long persistIntervalMs;
    private final TreeMap<Integer, LevelDeliverer> levels = new TreeMap<>();
    private Cancellable persistTimer = Cancellable.NONE;
    private boolean running;

    public ScheduleMessageService(Env env, MessageStore store, DurableFile file, long persistIntervalMs) {
        this.env = env;
        this.store = store;
        this.table = new DelayOffsetTable(file);
        this.persistIntervalMs = persistIntervalMs;
    }

    /**
     * Loads delayOffset.json.
     *
     * @throws io.petrel.common.UnreadableFileException naming the file when it cannot be read
     */
    public void load() {
        table.load();
        if (table.saved().values().stream().anyMatch(offset -> offset > 0)) {
            env.log().probe("broker-delay-offset-restored");
        }
    }

    /** Starts delivering; call once the store serves, on a master. */
    public void start() {
        DelayLevelTable delays = store.config().messageDelayLevel();
        for (int level = 1; level <= delays.maxLevel(); level++) {
            LevelDeliverer d = new LevelDeliverer(env, store, table, level, delays.delayMs(level));
            levels.put(level, d);
            d.start();
        }
        running = true;
        schedulePersist();
        env.log().info("schedule service delivering {} delay levels", levels.size());
    }

    /** Stops delivering; a re-put already in flight still records its outcome. */
    public void stop() {
        running = false;
        persistTimer.cancel();
        levels.values().forEach(LevelDeliverer::stop);
    }

    public boolean isRunning() {
        return running;
    }

    /** A message reached SCHEDULE_TOPIC_XXXX queue {@code queueId}. */
    public void onArrival(int queueId) {
        LevelDeliverer d = levels.get(queueId + 1);
        if (d != null && running) {
            d.onArrival();
        }
    }

    private void schedulePersist() {
        persistTimer = env.scheduler().schedule(persistIntervalMs, () -> {
            if (running) {
                persist(() -> { });
                schedulePersist();
            }
        });
    }

    /** Saves progress covered by the commit log's durable offset; {@code onDurable} runs when saved. */
    public void persist(Runnable onDurable) {
        table.persist(store.stats().commitLogDurableOffset(), onDurable);
    }

    /** A slave's copy of its master's progress (it never delivers itself). */
    public void adoptFromMaster(DelayOffsetSerializeWrapper master) {
        if (master.offsetTable() != null) {
            table.adoptFromMaster(master.offsetTable(), () -> { });
        }
    }

    /** Every level's next offset to deliver (GET_ALL_DELAY_OFFSET). */
    public DelayOffsetSerializeWrapper offsets() {
        return table.wrapper();
    }

    /** What the file holds or is being written with, per level. */
    public Map<Integer, Long> savedOffsets() {
        return table.saved();
    }

    /** Whether some level has a re-put in flight (its offset moves only when the put's outcome comes). */
    public boolean isPutting() {
        return levels.values().stream().anyMatch(LevelDeliverer::isPutting);
    }

    /** Messages re-put since start. */
    public long deliveredCount() {
        return levels.values().stream().mapToLong(LevelDeliverer::deliveredCount).sum();
    }

    /** {@code scheduleMessageOffset_<level>} = "delivered,max" for the runtime info, as RocketMQ reports it. */
    public Map<String, String> runningStats() {
        Map<String, String> stats = new LinkedHashMap<>();
        for (int level = 1; level <= store.config().messageDelayLevel().maxLevel(); level++) {
            stats.put("scheduleMessageOffset_" + level, table.delivered(level) + ","
                    + store.getMaxOffsetInQueue(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC, level - 1));
        }
        return stats;
    }
}
