package io.petrel.broker.subscription;

import io.petrel.common.DataVersion;
import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import io.petrel.common.MixAll;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.SubscriptionGroupWrapper;
import io.petrel.common.UnreadableFileException;
import io.petrel.env.Env;
import java.util.Map;
import java.util.TreeMap;

/** Every consumer group's settings on this broker. */
public final class SubscriptionGroupManager {

    private final Env env;
    private final DurableFile file;
    private final TreeMap<String, SubscriptionGroupConfig> table = new TreeMap<>();
    private DataVersion dataVersion;
    private boolean autoCreate;

    public SubscriptionGroupManager(Env env, DurableFile file, boolean autoCreate) {
        this.env = env;
        this.file = file;
        this.autoCreate = autoCreate;
        this.dataVersion = DataVersion.initial(env.clock().nowMs());
    }

    /**
     * Loads subscriptionGroup.json and adds RocketMQ's built-in groups; the table is unchanged when
     * the file cannot be read.
     *
     * @throws UnreadableFileException naming the file when it cannot be read, is not a subscription
     *     group file, or holds an entry that is null or names another group
     */
    public void load() {
        SubscriptionGroupWrapper wrapper = file.read(SubscriptionGroupWrapper.class, "subscription group");
        if (wrapper != null) {
            TreeMap<String, SubscriptionGroupConfig> loaded = new TreeMap<>();
            if (wrapper.subscriptionGroupTable() != null) {
                for (Map.Entry<String, SubscriptionGroupConfig> e : wrapper.subscriptionGroupTable().entrySet()) {
                    if (e.getValue() == null || !e.getKey().equals(e.getValue().groupName())) {
                        throw new UnreadableFileException(file.path(), "the entry of group '" + e.getKey() + "' is "
                                + (e.getValue() == null ? "null" : "named '" + e.getValue().groupName() + "'"));
                    }
                    loaded.put(e.getKey(), e.getValue());
                }
            }
            table.putAll(loaded);
            if (wrapper.dataVersion() != null) {
                dataVersion = wrapper.dataVersion();
            }
        }
        for (String group : new String[] {MixAll.TOOLS_CONSUMER_GROUP, MixAll.FILTERSRV_CONSUMER_GROUP,
            MixAll.SELF_TEST_CONSUMER_GROUP, MixAll.ONS_HTTP_PROXY_GROUP, MixAll.CID_ONSAPI_PULL_GROUP,
            MixAll.CID_ONSAPI_PERMISSION_GROUP, MixAll.CID_ONSAPI_OWNER_GROUP}) {
            table.putIfAbsent(group, SubscriptionGroupConfig.defaults(group));
        }
    }

    public SubscriptionGroupConfig get(String group) {
        return table.get(group);
    }

    /** The group's settings, creating them with defaults when auto-creation is on; else null. */
    public SubscriptionGroupConfig findOrCreate(String group) {
        SubscriptionGroupConfig config = table.get(group);
        if (config == null && autoCreate) {
            config = SubscriptionGroupConfig.defaults(group);
            table.put(group, config);
            env.log().info("auto-created subscription group {}", group);
            changed();
        }
        return config;
    }

    /** Runs {@code done} once subscriptionGroup.json holds every change made so far. */
    public void afterPendingSaves(Runnable done) {
        file.afterPendingSaves(done);
    }

    public void createOrUpdate(SubscriptionGroupConfig config) {
        table.put(config.groupName(), config);
        changed();
    }

    public boolean delete(String group) {
        if (table.remove(group) == null) {
            return false;
        }
        changed();
        return true;
    }

    /**
     * A slave takes its master's groups as they are, when the master's data version differs from
     * this one's. Returns whether anything changed.
     */
    public boolean adoptFromMaster(SubscriptionGroupWrapper master) {
        if (master.subscriptionGroupTable() == null || master.dataVersion() == null
                || master.dataVersion().equals(dataVersion)) {
            return false;
        }
        table.clear();
        master.subscriptionGroupTable().forEach((name, group) -> {
            if (group != null && name.equals(group.groupName())) {
                table.put(name, group);
            }
        });
        dataVersion = master.dataVersion();
        file.save(Json.write(wrapper()), null);
        return true;
    }

    public void setAutoCreate(boolean enabled) {
        this.autoCreate = enabled;
    }

    public SubscriptionGroupWrapper wrapper() {
        return new SubscriptionGroupWrapper(new TreeMap<>(table), dataVersion);
    }

    public Map<String, SubscriptionGroupConfig> groups() {
        return new TreeMap<>(table);
    }

    private void changed() {
        dataVersion = dataVersion.next(env.clock().nowMs());
        file.save(Json.write(wrapper()), null);
    }
}
