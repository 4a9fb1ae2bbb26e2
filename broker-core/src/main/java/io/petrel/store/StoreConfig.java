package io.petrel.store;

import static io.petrel.store.StoreConfigKeys.*;

import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigRegistry;
import io.petrel.config.ConfigValues;
import io.petrel.env.DiskPaths;
import io.petrel.store.commitlog.DelayLevelTable;
import io.petrel.store.format.ConsumeQueueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The message store's configuration: RocketMQ 4.9.8's {@code MessageStoreConfig} keys, typed,
 * validated and immutable. Bound from properties through {@link #REGISTRY}; derived paths are
 * resolved ({@code storePathCommitLog} empty means {@code <storePathRootDir>/commitlog}) and
 * {@code mappedFileSizeConsumeQueue} is rounded up to whole 20-byte entries, as RocketMQ does.
 * Names are RocketMQ's (they are the operator's vocabulary); durations are milliseconds unless the
 * key says hours ({@code fileReservedTime}); ratios are percent.
 */
public record StoreConfig(
        String storePathRootDir,
        String storePathCommitLog,
        String storePathConsumeQueue,
        String storePathIndex,
        String storeCheckpoint,
        String abortFile,
        int mappedFileSizeCommitLog,
        int mappedFileSizeConsumeQueue,
        int maxMessageSize,
        FlushDiskType flushDiskType,
        int flushIntervalCommitLog,
        int flushCommitLogLeastPages,
        int flushCommitLogThoroughInterval,
        int flushIntervalConsumeQueue,
        int flushConsumeQueueLeastPages,
        int flushConsumeQueueThoroughInterval,
        int syncFlushTimeout,
        DeleteWhen deleteWhen,
        int fileReservedTime,
        int diskMaxUsedSpaceRatio,
        int diskSpaceCleanForciblyRatio,
        int diskSpaceWarningLevelRatio,
        boolean cleanFileForciblyEnable,
        int destroyMapedFileIntervalForcibly,
        int redeleteHangedFileInterval,
        int cleanResourceInterval,
        int deleteCommitLogFilesInterval,
        DelayLevelTable messageDelayLevel,
        boolean messageIndexEnable,
        int maxHashSlotNum,
        int maxIndexNum,
        int defaultQueryMaxNum,
        int maxMsgsNumBatch,
        int maxTransferBytesOnMessageInMemory,
        int maxTransferCountOnMessageInMemory,
        int maxTransferBytesOnMessageInDisk,
        int maxTransferCountOnMessageInDisk,
        int accessMessageInMemoryMaxRatio,
        boolean checkCRCOnRecover) {

    /** Every store key; the broker's registry includes it. */
    public static final ConfigRegistry REGISTRY = StoreConfigKeys.REGISTRY;

    /**
     * Builds the config from bound values.
     *
     * @throws ConfigException listing every cross-field problem
     */
    public static StoreConfig from(ConfigValues v) {
        String root = DiskPaths.normalize(v.get(STORE_PATH_ROOT_DIR));
        StoreConfig c = new StoreConfig(root,
                pathOr(v.get(STORE_PATH_COMMIT_LOG), root, "commitlog"),
                pathOr(v.get(STORE_PATH_CONSUME_QUEUE), root, "consumequeue"),
                pathOr(v.get(STORE_PATH_INDEX), root, "index"),
                pathOr(v.get(STORE_CHECKPOINT), root, "checkpoint"),
                pathOr(v.get(ABORT_FILE), root, "abort"),
                v.get(MAPPED_FILE_SIZE_COMMIT_LOG),
                ConsumeQueueFormat.roundFileSize(v.get(MAPPED_FILE_SIZE_CONSUME_QUEUE)),
                v.get(MAX_MESSAGE_SIZE), v.get(FLUSH_DISK_TYPE), v.get(FLUSH_INTERVAL_COMMIT_LOG),
                v.get(FLUSH_COMMIT_LOG_LEAST_PAGES), v.get(FLUSH_COMMIT_LOG_THOROUGH_INTERVAL),
                v.get(FLUSH_INTERVAL_CONSUME_QUEUE), v.get(FLUSH_CONSUME_QUEUE_LEAST_PAGES),
                v.get(FLUSH_CONSUME_QUEUE_THOROUGH_INTERVAL), v.get(SYNC_FLUSH_TIMEOUT),
                DeleteWhen.parse(v.get(DELETE_WHEN)), v.get(FILE_RESERVED_TIME), v.get(DISK_MAX_USED_SPACE_RATIO),
                v.get(DISK_SPACE_CLEAN_FORCIBLY_RATIO), v.get(DISK_SPACE_WARNING_LEVEL_RATIO),
                v.get(CLEAN_FILE_FORCIBLY_ENABLE), v.get(DESTROY_MAPED_FILE_INTERVAL_FORCIBLY),
                v.get(REDELETE_HANGED_FILE_INTERVAL), v.get(CLEAN_RESOURCE_INTERVAL),
                v.get(DELETE_COMMIT_LOG_FILES_INTERVAL), DelayLevelTable.parse(v.get(MESSAGE_DELAY_LEVEL)),
                v.get(MESSAGE_INDEX_ENABLE), v.get(MAX_HASH_SLOT_NUM), v.get(MAX_INDEX_NUM),
                v.get(DEFAULT_QUERY_MAX_NUM), v.get(MAX_MSGS_NUM_BATCH),
                v.get(MAX_TRANSFER_BYTES_ON_MESSAGE_IN_MEMORY), v.get(MAX_TRANSFER_COUNT_ON_MESSAGE_IN_MEMORY),
                v.get(MAX_TRANSFER_BYTES_ON_MESSAGE_IN_DISK), v.get(MAX_TRANSFER_COUNT_ON_MESSAGE_IN_DISK),
                v.get(ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO), v.get(CHECK_CRC_ON_RECOVER));
        c.validate();
        return c;
    }

    /** Binds {@code properties} strictly (unknown keys are errors) and builds the config. */
    public static StoreConfig of(Map<String, String> properties, ConfigContext context) {
        return from(REGISTRY.bind(properties, context, true));
    }

    /** The cross-field rules, all reported at once. */
    public void validate() {
        List<String> problems = new ArrayList<>();
        if (maxMessageSize >= mappedFileSizeCommitLog) {
            problems.add("maxMessageSize (" + maxMessageSize + ") must be smaller than mappedFileSizeCommitLog ("
                    + mappedFileSizeCommitLog + ")");
        }
        if (diskSpaceCleanForciblyRatio >= diskSpaceWarningLevelRatio) {
            problems.add("diskSpaceCleanForciblyRatio (" + diskSpaceCleanForciblyRatio
                    + ") must be below the hard limit diskSpaceWarningLevelRatio (" + diskSpaceWarningLevelRatio + ")");
        }
        if (diskMaxUsedSpaceRatio >= diskSpaceWarningLevelRatio) {
            problems.add("diskMaxUsedSpaceRatio (" + diskMaxUsedSpaceRatio
                    + ") must be below the hard limit diskSpaceWarningLevelRatio (" + diskSpaceWarningLevelRatio + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** The byte budget that counts as "in memory" for pulls, from the machine's RAM. */
    public long accessMessageInMemoryMaxBytes(long totalPhysicalMemoryBytes) {
        return (long) (totalPhysicalMemoryBytes * (accessMessageInMemoryMaxRatio / 100.0));
    }

    private static String pathOr(String configured, String root, String under) {
        return configured.isEmpty() ? DiskPaths.join(root, under) : DiskPaths.normalize(configured);
    }
}
