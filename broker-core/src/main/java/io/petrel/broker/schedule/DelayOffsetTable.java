package io.petrel.broker.schedule;

import io.petrel.common.DelayOffsetSerializeWrapper;
import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import io.petrel.common.UnreadableFileException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far each delay level has been delivered, in memory and in {@code config/delayOffset.json}.
 *
 * <p>Two offsets per level: <em>delivered</em>, the next SCHEDULE_TOPIC_XXXX entry the level will
 * look at, and <em>saved</em>, what the file holds. The file must never claim a delivery the disk
 * could still lose: a re-put is only in the page cache until the commit log is forced. So each
 * delivery is queued with the commit-log offset its re-put ends at, and {@link #persist} moves a
 * level's saved offset forward only past deliveries the commit log has made durable. A crash then
 * re-delivers what happened after the last save (duplicates, which RocketMQ also allows) but
 * never loses a message. Single-threaded on the broker's loop.
 */
final class DelayOffsetTable {

    /** A delivery waiting for its re-put to become durable. */
    private record Pending(long nextOffset, long commitLogEnd) {
    }

    private final DurableFile file;
    private final TreeMap<Integer, Long> delivered = new TreeMap<>();
    private final TreeMap<Integer, Long> saved = new TreeMap<>();
    private final TreeMap<Integer, ArrayDeque<Pending>> pending = new TreeMap<>();
    private boolean savedChanged;

    DelayOffsetTable(DurableFile file) {
        this.file = file;
    }

    /**
     * Loads delayOffset.json (absent: every level starts at 0); nothing changes when it cannot be read.
     *
     * @throws UnreadableFileException naming the file when it cannot be read, is not a delay offset
     *     file, or holds a null offset
     */
    void load() {
        DelayOffsetSerializeWrapper wrapper = file.read(DelayOffsetSerializeWrapper.class, "delay offset");
        if (wrapper == null) {
            return;
        }
        if (wrapper.offsetTable().containsValue(null)) {
            throw new UnreadableFileException(file.path(), "a delay level's offset is null");
        }
        wrapper.offsetTable().forEach((level, offset) -> {
            delivered.put(level, offset);
            saved.put(level, offset);
        });
    }

    /** A slave takes its master's delivered offsets as its own, saved at once. */
    void adoptFromMaster(Map<Integer, Long> master, Runnable onDurable) {
        master.forEach((level, offset) -> {
            if (level != null && offset != null && offset >= 0) {
                delivered.put(level, offset);
                saved.put(level, offset);
            }
        });
        pending.clear();
        file.save(Json.write(new DelayOffsetSerializeWrapper(saved)), onDurable);
    }

    long delivered(int level) {
        return delivered.getOrDefault(level, 0L);
    }

    /** Moves a level's cursor without a delivery (a correction to the queue's range, or a skip). */
    void moveTo(int level, long nextOffset) {
        record(level, nextOffset, 0);
    }

    /** A delivery: the level's next entry is {@code nextOffset}; its re-put ends at {@code commitLogEnd}. */
    void record(int level, long nextOffset, long commitLogEnd) {
        delivered.put(level, nextOffset);
        pending.computeIfAbsent(level, l -> new ArrayDeque<>()).addLast(new Pending(nextOffset, commitLogEnd));
    }

    /**
     * Saves every level's progress covered by {@code durableCommitLogOffset}; {@code onDurable} runs
     * once that content is on disk (at once when nothing changed).
     */
    void persist(long durableCommitLogOffset, Runnable onDurable) {
        for (Map.Entry<Integer, ArrayDeque<Pending>> e : pending.entrySet()) {
            ArrayDeque<Pending> queue = e.getValue();
            while (!queue.isEmpty() && queue.peekFirst().commitLogEnd() <= durableCommitLogOffset) {
                saved.put(e.getKey(), queue.pollFirst().nextOffset());
                savedChanged = true;
            }
        }
        if (!savedChanged) {
            onDurable.run();
            return;
        }
        savedChanged = false;
        file.save(Json.write(new DelayOffsetSerializeWrapper(saved)), onDurable);
    }

    /** The delivered offsets (GET_ALL_DELAY_OFFSET, runtime info). */
    DelayOffsetSerializeWrapper wrapper() {
        return new DelayOffsetSerializeWrapper(delivered);
    }

    /** What the file holds or is about to hold, for tests. */
    Map<Integer, Long> saved() {
        return new TreeMap<>(saved);
    }
}
