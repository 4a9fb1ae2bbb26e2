package io.petrel.ha;

import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigRegistry;
import io.petrel.config.ConfigValues;
import io.petrel.config.ValueType;
import java.util.List;

/**
 * Replication settings: RocketMQ 4.9.8's {@code MessageStoreConfig} HA keys, with its names and
 * defaults ({@code haListenPort} itself lives with the broker's ports in {@code BrokerConfig}).
 * Durations in milliseconds, sizes in bytes.
 */
public record HaConfig(
        int haSendHeartbeatIntervalMs,
        int haHousekeepingIntervalMs,
        int haTransferBatchSize,
        String haMasterAddress,
        int haSlaveFallbehindMax,
        int slaveTimeoutMs) {

    public static final ConfigKey<Integer> HA_SEND_HEARTBEAT_INTERVAL = ConfigKey.builder("haSendHeartbeatInterval",
            ValueType.INT).defaultValue(5_000).check(ConfigKey.intRange(100, 600_000))
            .doc("an idle master sends a heartbeat transfer, and a slave reports its offset, this often (ms)").build();
    public static final ConfigKey<Integer> HA_HOUSEKEEPING_INTERVAL = ConfigKey.builder("haHousekeepingInterval",
            ValueType.INT).defaultValue(20_000).check(ConfigKey.intRange(1_000, 3_600_000))
            .doc("a master drops a slave it has not heard from for this long, and a slave a master (ms)").build();
    public static final ConfigKey<Integer> HA_TRANSFER_BATCH_SIZE = ConfigKey.builder("haTransferBatchSize",
            ValueType.INT).defaultValue(32 * 1024).check(ConfigKey.intRange(1, HaFormat.MAX_TRANSFER_BYTES))
            .doc("the most commit-log bytes one transfer carries").build();
    public static final ConfigKey<String> HA_MASTER_ADDRESS = ConfigKey.builder("haMasterAddress", ValueType.STRING)
            .defaultValue("").doc("a slave's master HA address host:port; empty = the one its NameServers name").build();
    public static final ConfigKey<Integer> HA_SLAVE_FALLBEHIND_MAX = ConfigKey.builder("haSlaveFallbehindMax",
            ValueType.INT).defaultValue(256 * 1024 * 1024).check(ConfigKey.intRange(1, Integer.MAX_VALUE))
            .doc("a SYNC_MASTER answers SLAVE_NOT_AVAILABLE at once when its slave is further behind than this").build();
    public static final ConfigKey<Integer> SLAVE_TIMEOUT = ConfigKey.builder("slaveTimeout", ValueType.INT)
            .defaultValue(3_000).check(ConfigKey.intRange(1, 600_000))
            .doc("a SYNC_MASTER answers FLUSH_SLAVE_TIMEOUT when no slave acknowledged a message within this (ms)").build();

    public static final ConfigRegistry REGISTRY = new ConfigRegistry("ha", List.of(HA_SEND_HEARTBEAT_INTERVAL,
            HA_HOUSEKEEPING_INTERVAL, HA_TRANSFER_BATCH_SIZE, HA_MASTER_ADDRESS, HA_SLAVE_FALLBEHIND_MAX, SLAVE_TIMEOUT));

    /** RocketMQ's defaults. */
    public static HaConfig defaults() {
        return new HaConfig(5_000, 20_000, 32 * 1024, "", 256 * 1024 * 1024, 3_000);
    }

    public static HaConfig from(ConfigValues v) {
        return new HaConfig(v.get(HA_SEND_HEARTBEAT_INTERVAL), v.get(HA_HOUSEKEEPING_INTERVAL),
                v.get(HA_TRANSFER_BATCH_SIZE), v.get(HA_MASTER_ADDRESS).trim(), v.get(HA_SLAVE_FALLBEHIND_MAX),
                v.get(SLAVE_TIMEOUT));
    }
}
