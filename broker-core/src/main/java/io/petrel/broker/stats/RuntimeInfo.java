package io.petrel.broker.stats;

import io.petrel.common.MqVersion;
import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigValues;
import io.petrel.env.Disk;
import io.petrel.store.MessageStore;
import io.petrel.store.StoreStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The entries of GET_BROKER_RUNTIME_INFO that come from the store, the machine and the
 * configuration, with RocketMQ's key names and formats (docs/protocol.md §3.6; all values are
 * strings). A Petrel broker has no thread pools, so the pool queue sizes and waits are 0 and the
 * capacities echo their (compatibility) keys. The traffic entries come from
 * {@link BrokerStatsManager#runtimeInfo()}. Stateless.
 */
public final class RuntimeInfo {

    private static final List<String> POOL_CAPACITIES = List.of("sendThreadPoolQueueCapacity",
            "pullThreadPoolQueueCapacity", "queryThreadPoolQueueCapacity");

    private RuntimeInfo() {
    }

    /** Version, uptime and the thread-pool entries clusterList reads as LOAD. */
    public static Map<String, String> broker(ConfigValues config, long bootMs, long nowMs) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("brokerVersionDesc", MqVersion.describe(MqVersion.CURRENT));
        m.put("brokerVersion", Integer.toString(MqVersion.CURRENT));
        m.put("bootTimestamp", Long.toString(bootMs));
        m.put("runtime", uptime(Math.max(0, nowMs - bootMs)));
        for (String queue : List.of("sendThreadPoolQueue", "pullThreadPoolQueue", "queryThreadPoolQueue")) {
            m.put(queue + "Size", "0");
            m.put(queue + "HeadWaitTimeMills", "0");
        }
        for (String key : POOL_CAPACITIES) {
            ConfigKey<?> k = config.registry().find(key);
            m.put(key, k == null ? "0" : config.formatted(k));
        }
        m.put("EndTransactionQueueSize", "0");
        m.put("EndTransactionThreadPoolQueueCapacity", "0");
        m.put("pageCacheLockTimeMills", "0");
        m.put("startAcceptSendRequestTimeStamp", "0");
        return m;
    }

    /** The commit log's range, size, durability and disk usage. */
    public static Map<String, String> store(MessageStore store, Disk disk) {
        StoreStats s = store.stats();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("putMessageTimesTotal", Long.toString(s.putMessageTimesTotal()));
        m.put("putMessageSizeTotal", Long.toString(s.putMessageSizeTotal()));
        m.put("putMessageAverageSize", format(s.putMessageTimesTotal() == 0 ? 0
                : (double) s.putMessageSizeTotal() / s.putMessageTimesTotal()));
        m.put("commitLogMinOffset", Long.toString(s.commitLogMinOffset()));
        m.put("commitLogMaxOffset", Long.toString(s.commitLogMaxOffset()));
        String ratio = format(s.diskUsedRatio() / 100.0);
        m.put("commitLogDiskRatio", ratio);
        m.put("consumeQueueDiskRatio", ratio);
        m.put("dispatchBehindBytes", Long.toString(Math.max(0, s.commitLogMaxOffset() - s.dispatchedOffset())));
        m.put("remainHowManyDataToFlush", humanBytes(Math.max(0, s.commitLogMaxOffset() - s.commitLogDurableOffset())));
        m.put("remainTransientStoreBufferNumbs", "0");
        long earliest = store.getEarliestMessageTime();
        m.put("earliestMessageTimeStamp", Long.toString(Math.max(0, earliest)));
        m.put("commitLogDirCapacity", "Total : " + humanBytes(disk.totalSpaceBytes()) + ", Free : "
                + humanBytes(disk.usableSpaceBytes()) + ".");
        return m;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** RocketMQ's {@code MixAll.humanReadableByteCount(bytes, false)}: "512 B", "1.5 KiB", "2.0 GiB". */
    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int exp = (int) (Math.log(bytes) / Math.log(1024));
        return String.format(Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, exp), "KMGTPE".charAt(exp - 1));
    }

    /** RocketMQ's uptime text: "[ 0 days, 1 hours, 2 minutes, 3 seconds ]". */
    static String uptime(long millis) {
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "[ %d days, %d hours, %d minutes, %d seconds ]", seconds / 86_400,
                seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60);
    }
}
