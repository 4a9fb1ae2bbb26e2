package io.petrel.broker.offset;

import io.petrel.common.Check;
import io.petrel.common.ConsumerOffsetSerializeWrapper;
import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import io.petrel.common.UnreadableFileException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Committed offsets keyed like RocketMQ: {@code "topic@group"} → queue id → offset. */
public final class ConsumerOffsetManager {

    private static final String SEPARATOR = "@";

    private final DurableFile file;
    private final TreeMap<String, TreeMap<Integer, Long>> table = new TreeMap<>();
    private boolean dirty;
    /** On a slave: offsets consumers committed here (while their master was away), to hand to it. */
    private final TreeMap<String, TreeMap<Integer, Long>> committedHere = new TreeMap<>();
    private boolean trackCommittedHere;
    /** On a slave: per {@code key|queueId}, the last commit it handed to its master (observability). */
    private final TreeMap<String, Long> handedBack = new TreeMap<>();
    /** On a slave: per {@code key|queueId}, the last offset a consumer committed here (observability). */
    private final TreeMap<String, Long> lastCommittedHere = new TreeMap<>();

    public ConsumerOffsetManager(DurableFile file) {
        this.file = file;
    }

    /**
     * Loads consumerOffset.json; the table is unchanged when the file cannot be read.
     *
     * @throws UnreadableFileException naming the file when it cannot be read, is not a consumer
     *     offset file, or holds a null where a queue's table or an offset belongs
     */
    public void load() {
        ConsumerOffsetSerializeWrapper wrapper = file.read(ConsumerOffsetSerializeWrapper.class, "consumer offset");
        if (wrapper == null || wrapper.offsetTable() == null) {
            return;
        }
        TreeMap<String, TreeMap<Integer, Long>> loaded = new TreeMap<>();
        for (Map.Entry<String, Map<Integer, Long>> e : wrapper.offsetTable().entrySet()) {
            if (e.getValue() == null || e.getValue().containsValue(null)) {
                throw new UnreadableFileException(file.path(), "the offsets of '" + e.getKey() + "' hold a null");
            }
            loaded.put(e.getKey(), new TreeMap<>(e.getValue()));
        }
        table.putAll(loaded);
    }

    public static String key(String topic, String group) {
        return topic + SEPARATOR + group;
    }

    /** A slave remembers what consumers commit to it, until its master has it (see {@link #committedHere}). */
    public void trackCommitsFromConsumers() {
        trackCommittedHere = true;
    }

    /** A consumer's commit (UPDATE_CONSUMER_OFFSET, or a pull's commit offset). */
    public void commitFromConsumer(String group, String topic, int queueId, long offset) {
        commit(group, topic, queueId, offset);
        if (trackCommittedHere) {
            committedHere.computeIfAbsent(key(topic, group), k -> new TreeMap<>()).put(queueId, offset);
            lastCommittedHere.put(key(topic, group) + "|" + queueId, offset);
        }
    }

    /**
     * On a slave: the last offset a consumer committed here for {@code key}'s queue, or -1; it may be
     * lower than an earlier one (a group's commits go back after a rebalance).
     */
    public long lastCommittedHere(String key, int queueId) {
        return lastCommittedHere.getOrDefault(key + "|" + queueId, -1L);
    }

    /** On a slave: offsets consumers committed here that its master may not have yet, by key and queue. */
    public Map<String, Map<Integer, Long>> committedHere() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        committedHere.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    /** The last offset of {@code key}'s queue handed to the master, or -1. */
    public long handedBack(String key, int queueId) {
        return handedBack.getOrDefault(key + "|" + queueId, -1L);
    }

    /** The master holds this commit now (it took it, or holds a later one): stop tracking it. */
    public void handedToMaster(String key, int queueId, long offset) {
        TreeMap<Integer, Long> queues = committedHere.get(key);
        if (queues != null && queues.getOrDefault(queueId, Long.MAX_VALUE) <= offset) {
            handedBack.put(key + "|" + queueId, offset);
            queues.remove(queueId);
            if (queues.isEmpty()) {
                committedHere.remove(key);
            }
        }
    }

    public void commit(String group, String topic, int queueId, long offset) {
        table.computeIfAbsent(key(topic, group), k -> new TreeMap<>()).put(queueId, offset);
        dirty = true;
    }

    /** The committed offset, or -1 when the group never committed one for this queue. */
    public long query(String group, String topic, int queueId) {
        TreeMap<Integer, Long> offsets = table.get(key(topic, group));
        Long offset = offsets == null ? null : offsets.get(queueId);
        return offset == null ? -1 : offset;
    }

    /** The queue → offset map of one group and topic (empty when none). */
    public Map<Integer, Long> offsets(String group, String topic) {
        TreeMap<Integer, Long> offsets = table.get(key(topic, group));
        return offsets == null ? new TreeMap<>() : new TreeMap<>(offsets);
    }

    /** Every {@code topic@group} key with its queue → offset table, in key order; read-only. */
    public Map<String, ? extends Map<Integer, Long>> tables() {
        return Collections.unmodifiableMap(table);
    }

    /**
     * RocketMQ's cloneOffset: {@code destGroup}'s offsets on {@code topic} become a copy of
     * {@code srcGroup}'s (replacing every queue it had); nothing changes when the source has none.
     *
     * @return whether the source had offsets to copy
     */
    public boolean cloneOffsets(String srcGroup, String destGroup, String topic) {
        TreeMap<Integer, Long> source = table.get(key(topic, srcGroup));
        if (source == null) {
            return false;
        }
        table.put(key(topic, destGroup), new TreeMap<>(source));
        dirty = true;
        return true;
    }

    /** Topics a group has offsets for. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new TreeSet<>();
        for (String key : table.keySet()) {
            int at = key.lastIndexOf(SEPARATOR);
            if (at > 0 && key.substring(at + 1).equals(group)) {
                topics.add(key.substring(0, at));
            }
        }
        return topics;
    }

    /** Groups with offsets for a topic. */
    public Set<String> groupsOf(String topic) {
        Set<String> groups = new TreeSet<>();
        for (String key : table.keySet()) {
            int at = key.lastIndexOf(SEPARATOR);
            if (at > 0 && key.substring(0, at).equals(topic)) {
                groups.add(key.substring(at + 1));
            }
        }
        return groups;
    }

    /**
     * A slave takes its master's committed offsets (RocketMQ's {@code SlaveSynchronize}: every queue
     * the master has an offset for gets the master's; others stay), except where a consumer committed
     * a later one here that the master has not taken yet (rocketmq#1094: 4.9 overwrites it, and the
     * group re-reads). Malformed entries are skipped.
     */
    public void adoptFromMaster(ConsumerOffsetSerializeWrapper master) {
        adoptFromMaster(master, true);
    }

    /** As {@link #adoptFromMaster(ConsumerOffsetSerializeWrapper)}; {@code keepPending} false is the sabotage. */
    public void adoptFromMaster(ConsumerOffsetSerializeWrapper master, boolean keepPending) {
        if (!keepPending) {
            committedHere.clear();
        }
        if (master.offsetTable() == null) {
            return;
        }
        master.offsetTable().forEach((key, offsets) -> {
            int at = key == null ? -1 : key.lastIndexOf(SEPARATOR);
            if (offsets == null || at <= 0 || at == key.length() - 1) {
                return;
            }
            TreeMap<Integer, Long> mine = table.computeIfAbsent(key, k -> new TreeMap<>());
            TreeMap<Integer, Long> pending = committedHere.getOrDefault(key, new TreeMap<>());
            offsets.forEach((queueId, offset) -> {
                if (queueId != null && offset != null && queueId >= 0 && offset >= 0) {
                    // A consumer's commit the master has not taken yet is newer than the master's copy.
                    mine.put(queueId, Math.max(offset, pending.getOrDefault(queueId, -1L)));
                }
            });
        });
        dirty = true;
    }

    public void removeGroup(String group) {
        if (table.keySet().removeIf(k -> k.endsWith(SEPARATOR + group))) {
            dirty = true;
        }
    }

    public void removeTopic(String topic) {
        if (table.keySet().removeIf(k -> k.startsWith(topic + SEPARATOR))) {
            dirty = true;
        }
    }

    /** The whole table (GET_ALL_CONSUMER_OFFSET, persistence). */
    public ConsumerOffsetSerializeWrapper wrapper() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        table.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return new ConsumerOffsetSerializeWrapper(copy);
    }

    /**
     * Every committed offset is well formed: a {@code topic@group} key with both parts, queue ids and
     * offsets not negative (the request paths refuse those). Offsets are not checked against the
     * queues' bounds: a consumer may legitimately hold an offset past a queue's end after the broker
     * lost unflushed messages to a power loss, and RocketMQ keeps such offsets too.
     */
    public void invariants() {
        table.forEach((key, offsets) -> {
            int at = key.lastIndexOf(SEPARATOR);
            Check.state(at > 0 && at < key.length() - 1, "offset key {} is not topic@group", key);
            offsets.forEach((queueId, offset) -> Check.state(queueId >= 0 && offset >= 0,
                    "{} has offset {} for queue {}", key, offset, queueId));
        });
    }

    /** Writes the table if it changed since the last persist; {@code onDurable} may be null. */
    public void persist(Runnable onDurable) {
        if (!dirty) {
            if (onDurable != null) {
                onDurable.run();
            }
            return;
        }
        dirty = false;
        file.save(Json.write(wrapper()), onDurable);
    }
}
