package io.petrel.store.queue;

import io.petrel.common.message.MessageFormat;
import io.petrel.env.Disk;
import io.petrel.env.DiskPaths;
import io.petrel.env.NodeLog;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.file.MappedFileQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Every consume queue of the store, under {@code <storePathConsumeQueue>/<topic>/<queueId>/}, sorted by
 * topic and queue id so every pass over them runs in the same order (RocketMQ's
 * {@code consumeQueueTable}). Creates a queue's directories when its first entry arrives and asks the
 * next flush to sync the parent directories' names.
 *
 * <p>Driven by its node's loop only; after a crash {@link #load} finds the queues on disk again.
 */
public final class ConsumeQueueTable {

    private final Disk disk;
    private final String root;
    private final int fileSize;
    private final NodeLog log;
    private final TreeMap<TopicQueue, ConsumeQueue> queues = new TreeMap<>();

    public ConsumeQueueTable(Disk disk, String root, int fileSize, NodeLog log) {
        this.disk = disk;
        this.root = DiskPaths.normalize(root);
        this.fileSize = fileSize;
        this.log = log;
    }

    /** Opens every queue on disk; returns what was wrong (gaps), one line per problem. */
    public List<String> load() {
        List<String> problems = new ArrayList<>();
        for (String topic : disk.list(root)) {
            String topicDir = DiskPaths.join(root, topic);
            if (!disk.isDirectory(topicDir)) {
                continue;
            }
            for (String id : disk.list(topicDir)) {
                int queueId = parseQueueId(id);
                if (queueId < 0 || !disk.isDirectory(DiskPaths.join(topicDir, id))) {
                    log.warn("ignoring {}: not a queue directory", DiskPaths.join(topicDir, id));
                    continue;
                }
                ConsumeQueue q = newQueue(topic, queueId);
                problems.addAll(q.files().load().problems());
                queues.put(new TopicQueue(topic, queueId), q);
            }
        }
        return problems;
    }

    private static int parseQueueId(String name) {
        if (name.isEmpty() || name.length() > 5) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        int id = Integer.parseInt(name);
        return id <= MessageFormat.MAX_QUEUE_ID ? id : -1;
    }

    private ConsumeQueue newQueue(String topic, int queueId) {
        String dir = DiskPaths.join(DiskPaths.join(root, topic), Integer.toString(queueId));
        return new ConsumeQueue(topic, queueId, new MappedFileQueue(disk, dir, fileSize, log), log);
    }

    public ConsumeQueue find(String topic, int queueId) {
        return queues.get(new TopicQueue(topic, queueId));
    }

    public ConsumeQueue find(TopicQueue q) {
        return queues.get(q);
    }

    /** The queue, created (with its directories) when this is its first message. */
    public ConsumeQueue findOrCreate(TopicQueue q) {
        ConsumeQueue existing = queues.get(q);
        if (existing != null) {
            return existing;
        }
        String topicDir = DiskPaths.join(root, q.topic());
        boolean newTopic = !disk.exists(topicDir);
        ConsumeQueue created = newQueue(q.topic(), q.queueId());
        // Not durable yet, and no fsync on the put path: the next flush syncs both parents' names.
        disk.createDirectoriesUnsynced(created.files().directory());
        created.files().syncDirectoryAtNextFlush(topicDir);
        if (newTopic) {
            created.files().syncDirectoryAtNextFlush(root);
        }
        queues.put(q, created);
        return created;
    }

    /** Forgets one queue and returns it (null when there is none); its files stay until destroyed. */
    public ConsumeQueue remove(TopicQueue q) {
        return queues.remove(q);
    }

    /** Forgets every queue of {@code topic} and returns them, in queue id order; their files stay until destroyed. */
    public List<ConsumeQueue> removeTopic(String topic) {
        List<ConsumeQueue> removed = new ArrayList<>();
        NavigableMap<TopicQueue, ConsumeQueue> ofTopic = queues.subMap(new TopicQueue(topic, Integer.MIN_VALUE), true,
                new TopicQueue(topic, Integer.MAX_VALUE), true);
        removed.addAll(ofTopic.values());
        ofTopic.clear();
        return removed;
    }

    /** The directory of a topic's queues. */
    public String topicDirectory(String topic) {
        return DiskPaths.join(root, topic);
    }

    public Collection<ConsumeQueue> queues() {
        return Collections.unmodifiableCollection(queues.values());
    }

    /** Every entry pointing below this commit-log offset is durable in every queue. */
    public long durableBelow() {
        long min = Long.MAX_VALUE;
        for (ConsumeQueue q : queues.values()) {
            min = Math.min(min, q.durableBelow());
        }
        return min;
    }
}
