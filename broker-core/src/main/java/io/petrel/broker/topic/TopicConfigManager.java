package io.petrel.broker.topic;

import io.petrel.common.DataVersion;
import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import io.petrel.common.PermName;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.common.TopicFilterType;
import io.petrel.common.TopicValidator;
import io.petrel.common.UnreadableFileException;
import io.petrel.env.Env;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Every topic this broker serves. Changes bump the data version, are persisted, and are announced
 * through the change listener (with the topic changed, or null for the table as a whole) so the
 * broker re-registers with its NameServers at once.
 */
public final class TopicConfigManager {

    /** What a topic table needs to know about its broker. */
    public record Settings(String clusterName, String brokerName, int defaultTopicQueueNums,
            boolean autoCreateTopicEnable, boolean clusterTopicEnable, boolean brokerTopicEnable,
            boolean traceTopicEnable, String traceTopicName) {
    }

    private final Env env;
    private final DurableFile file;
    private final Consumer<String> onChange;
    private final TreeMap<String, TopicConfig> table = new TreeMap<>();
    private Settings settings;
    private DataVersion dataVersion;

    public TopicConfigManager(Env env, Settings settings, DurableFile file, Consumer<String> onChange) {
        this.env = env;
        this.settings = settings;
        this.file = file;
        this.onChange = onChange;
        this.dataVersion = DataVersion.initial(env.clock().nowMs());
    }

    /**
     * Loads topics.json and adds the system topics; the table is unchanged when the file cannot be read.
     *
     * @throws UnreadableFileException naming the file when it cannot be read, is not a topic config
     *     file, or holds an entry that is null or names another topic
     */
    public void load() {
        TopicConfigSerializeWrapper wrapper = file.read(TopicConfigSerializeWrapper.class, "topic config");
        if (wrapper != null) {
            TreeMap<String, TopicConfig> loaded = new TreeMap<>();
            if (wrapper.topicConfigTable() != null) {
                for (Map.Entry<String, TopicConfig> e : wrapper.topicConfigTable().entrySet()) {
                    if (e.getValue() == null || !e.getKey().equals(e.getValue().topicName())) {
                        throw new UnreadableFileException(file.path(), "the entry of topic '" + e.getKey() + "' is "
                                + (e.getValue() == null ? "null" : "named '" + e.getValue().topicName() + "'"));
                    }
                    loaded.put(e.getKey(), e.getValue());
                }
            }
            table.putAll(loaded);
            if (wrapper.dataVersion() != null) {
                dataVersion = wrapper.dataVersion();
            }
        }
        addSystemTopics();
    }

    private void addSystemTopics() {
        putSystem(TopicConfig.of(TopicValidator.RMQ_SYS_SELF_TEST_TOPIC, 1, 1, PermName.PERM_READ | PermName.PERM_WRITE));
        if (settings.autoCreateTopicEnable()) {
            int q = settings.defaultTopicQueueNums();
            putSystem(TopicConfig.of(TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, q, q,
                    PermName.PERM_INHERIT | PermName.PERM_READ | PermName.PERM_WRITE));
        } else {
            table.remove(TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC);
        }
        putSystem(TopicConfig.of(TopicValidator.RMQ_SYS_BENCHMARK_TOPIC, 1024, 1024, PermName.PERM_READ | PermName.PERM_WRITE));
        int clusterPerm = settings.clusterTopicEnable() ? PermName.PERM_INHERIT | PermName.PERM_READ | PermName.PERM_WRITE
                : PermName.PERM_INHERIT;
        putSystem(TopicConfig.of(settings.clusterName(), 16, 16, clusterPerm));
        int brokerPerm = settings.brokerTopicEnable() ? PermName.PERM_INHERIT | PermName.PERM_READ | PermName.PERM_WRITE
                : PermName.PERM_INHERIT;
        putSystem(TopicConfig.of(settings.brokerName(), 1, 1, brokerPerm));
        putSystem(TopicConfig.of(TopicValidator.RMQ_SYS_OFFSET_MOVED_EVENT, 1, 1, PermName.PERM_READ | PermName.PERM_WRITE));
        putSystem(TopicConfig.of(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC, 18, 18, PermName.PERM_READ | PermName.PERM_WRITE));
        if (settings.traceTopicEnable()) {
            putSystem(TopicConfig.of(settings.traceTopicName(), 1, 1, PermName.PERM_READ | PermName.PERM_WRITE));
        }
        putSystem(TopicConfig.of(settings.clusterName() + "_REPLY_TOPIC", 1, 1, PermName.PERM_READ | PermName.PERM_WRITE));
    }

    /**
     * The names RocketMQ 4.9.8 lists as system topics on this broker: its fixed set plus the
     * cluster, broker, trace (when enabled) and reply topics added at start-up.
     */
    public Set<String> systemTopicNames() {
        Set<String> names = new TreeSet<>(TopicValidator.systemTopics());
        names.add(settings.clusterName());
        names.add(settings.brokerName());
        if (settings.traceTopicEnable()) {
            names.add(settings.traceTopicName());
        }
        names.add(settings.clusterName() + "_REPLY_TOPIC");
        return names;
    }

    private void putSystem(TopicConfig topic) {
        table.put(topic.topicName(), topic);
    }

    public TopicConfig get(String topic) {
        return table.get(topic);
    }

    public boolean contains(String topic) {
        return table.containsKey(topic);
    }

    /** Runs {@code done} once topics.json holds every change made so far (forced and renamed into place). */
    public void afterPendingSaves(Runnable done) {
        file.afterPendingSaves(done);
    }

    /** Creates or replaces a topic (admin updateTopic). */
    public void createOrUpdate(TopicConfig topic) {
        table.put(topic.topicName(), topic);
        changed(topic.topicName());
    }

    /**
     * A slave takes its master's topics as they are (RocketMQ's {@code SlaveSynchronize}): the table
     * becomes the master's, with the master's data version, when that version differs from this one's.
     * Returns whether anything changed.
     */
    public boolean adoptFromMaster(TopicConfigSerializeWrapper master) {
        if (master.topicConfigTable() == null || master.dataVersion() == null || master.dataVersion().equals(dataVersion)) {
            return false;
        }
        table.clear();
        master.topicConfigTable().forEach((name, topic) -> {
            if (topic != null && name.equals(topic.topicName())) {
                table.put(name, topic);
            }
        });
        dataVersion = master.dataVersion();
        file.save(Json.write(wrapper()), null);
        onChange.accept(null);
        return true;
    }

    /** Removes a topic; returns whether it existed. */
    public boolean delete(String topic) {
        if (table.remove(topic) == null) {
            return false;
        }
        changed(topic);
        return true;
    }

    /**
     * RocketMQ's auto-creation on send: copy the default topic's config if it has PERM_INHERIT, with
     * min(requested, default's write queues) queues and the default's permission without inherit.
     * Returns the topic, or null when it cannot be created.
     */
    public TopicConfig createOnSend(String topic, String defaultTopic, int requestedQueueNums, int topicSysFlag) {
        TopicConfig existing = table.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig template = table.get(defaultTopic);
        if (template == null || !PermName.isInherited(template.perm())) {
            return null;
        }
        if (TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC.equals(defaultTopic) && !settings.autoCreateTopicEnable()) {
            return null;
        }
        int queues = Math.max(1, Math.min(requestedQueueNums, template.writeQueueNums()));
        TopicConfig created = new TopicConfig(topic, queues, queues, template.perm() & ~PermName.PERM_INHERIT,
                TopicFilterType.SINGLE_TAG, topicSysFlag, false);
        table.put(topic, created);
        env.log().info("auto-created topic {} with {} queues from {}", topic, queues, defaultTopic);
        changed(topic);
        return created;
    }

    /** Retry and DLQ topics: created on first use with the given queues and permission. */
    public TopicConfig createIfAbsent(String topic, int queueNums, int perm, int topicSysFlag) {
        TopicConfig existing = table.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig created = new TopicConfig(topic, queueNums, queueNums, perm, TopicFilterType.SINGLE_TAG, topicSysFlag, false);
        table.put(topic, created);
        env.log().info("created topic {} with {} queues", topic, queueNums);
        changed(topic);
        return created;
    }

    /** The table as a registration carries it, with {@code brokerPermission} applied when it lacks R or W. */
    public TopicConfigSerializeWrapper registrationWrapper(int brokerPermission) {
        Map<String, TopicConfig> copy = new TreeMap<>();
        boolean restricted = !PermName.isReadable(brokerPermission) || !PermName.isWriteable(brokerPermission);
        table.forEach((name, t) -> copy.put(name, restricted ? t.withPerm(t.perm() & brokerPermission) : t));
        return new TopicConfigSerializeWrapper(copy, dataVersion);
    }

    /**
     * One topic as an incremental registration carries it ({@link DataVersion#ofIncrement}), with
     * {@code brokerPermission} applied as in {@link #registrationWrapper}; null when there is no such topic.
     */
    public TopicConfigSerializeWrapper registrationIncrement(String topic, int brokerPermission) {
        TopicConfig t = table.get(topic);
        if (t == null) {
            return null;
        }
        boolean restricted = !PermName.isReadable(brokerPermission) || !PermName.isWriteable(brokerPermission);
        Map<String, TopicConfig> one = new TreeMap<>();
        one.put(topic, restricted ? t.withPerm(t.perm() & brokerPermission) : t);
        return new TopicConfigSerializeWrapper(one, dataVersion.ofIncrement());
    }

    /** The whole table (GET_ALL_TOPIC_CONFIG, persistence). */
    public TopicConfigSerializeWrapper wrapper() {
        return new TopicConfigSerializeWrapper(new TreeMap<>(table), dataVersion);
    }

    public Map<String, TopicConfig> topics() {
        return new TreeMap<>(table);
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** Applies new settings (updateBrokerConfig): TBW102 follows autoCreateTopicEnable. */
    public void updateSettings(Settings newSettings) {
        this.settings = newSettings;
        addSystemTopics();
        changed(null);
    }

    /** {@code topic} changed (null: more than one). */
    private void changed(String topic) {
        dataVersion = dataVersion.next(env.clock().nowMs());
        file.save(Json.write(wrapper()), null);
        onChange.accept(topic);
    }
}
