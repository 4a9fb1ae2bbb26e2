package io.petrel.store;

import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigRegistry;
import io.petrel.config.ConfigValues;
import io.petrel.config.ValueType;
import io.petrel.env.DiskPaths;
import io.petrel.store.commitlog.DelayLevelTable;
import io.petrel.store.format.ConsumeQueueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The message store's configuration: RocketMQ 4.9.8's {@code MessageStoreConfig} keys, typed,
 * validated and immutable. Bound from properties through {@link #REGISTRY}; derived paths are
 * resolved ({@code storePathCommitLog} empty means {@code <storePathRootDir>/commitlog}) and
 * {@code mappedFileSizeConsumeQueue} is rounded up to whole 20-byte entries, as RocketMQ does.
 * Names are RocketMQ's (they are the operator's vocabulary); durations are milliseconds unless the
 * key says hours ({@code fileReservedTime}); ratios are percent. The keys ({@code MessageStoreConfig}'s
 * names and defaults; docs/protocol.md §5.4) are listed in the order {@code -p} prints them; path keys
 * left empty follow {@code storePathRootDir} as RocketMQ's {@code StorePathConfigHelper} does.
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

    private static ConfigKey<String> path(String name, String under) {
        return ConfigKey.builder(name, ValueType.STRING).defaultValue("")
                .check(v -> v.isEmpty() || v.startsWith("/") ? null : "must be an absolute path or empty")
                .doc("empty means ${storePathRootDir}/" + under).build();
    }

    private static ConfigKey<Integer> millis(String name, int defaultValue, String doc) {
        return ConfigKey.builder(name, ValueType.INT).defaultValue(defaultValue)
                .check(ConfigKey.intRange(1, Integer.MAX_VALUE)).doc(doc + " (ms)").build();
    }

    private static ConfigKey<Integer> count(String name, int defaultValue, int min, String doc) {
        return ConfigKey.builder(name, ValueType.INT).defaultValue(defaultValue)
                .check(ConfigKey.intRange(min, Integer.MAX_VALUE)).doc(doc).build();
    }

    private static Function<String, String> parses(Function<String, ?> parser) {
        return v -> {
            try {
                parser.apply(v);
                return null;
            } catch (IllegalArgumentException e) {
                return "is invalid: " + e.getMessage();
            }
        };
    }

    static final ConfigKey<String> STORE_PATH_ROOT_DIR = ConfigKey.builder("storePathRootDir", ValueType.STRING)
            .defaultFrom(c -> c.userHome() + "/store").check(v -> v.startsWith("/") ? null : "must be an absolute path")
            .important().doc("root of the store: commitlog, consumequeue, index, checkpoint, abort").build();
    static final ConfigKey<String> STORE_PATH_COMMIT_LOG = path("storePathCommitLog", "commitlog");
    static final ConfigKey<String> STORE_PATH_CONSUME_QUEUE = path("storePathConsumeQueue", "consumequeue");
    static final ConfigKey<String> STORE_PATH_INDEX = path("storePathIndex", "index");
    static final ConfigKey<String> STORE_CHECKPOINT = path("storeCheckpoint", "checkpoint");
    static final ConfigKey<String> ABORT_FILE = path("abortFile", "abort");
    static final ConfigKey<Integer> MAPPED_FILE_SIZE_COMMIT_LOG = ConfigKey.builder("mappedFileSizeCommitLog", ValueType.INT)
            .alias("mapedFileSizeCommitLog").defaultValue(1024 * 1024 * 1024)
            .check(ConfigKey.intRange(4096, Integer.MAX_VALUE)).doc("size of each commit-log file (bytes)").build();
    static final ConfigKey<Integer> MAPPED_FILE_SIZE_CONSUME_QUEUE = ConfigKey.builder("mappedFileSizeConsumeQueue", ValueType.INT)
            .alias("mapedFileSizeConsumeQueue").defaultValue(300_000 * 20)
            .check(ConfigKey.intRange(20, Integer.MAX_VALUE - 20))
            .doc("size of each consume-queue file (bytes), rounded up to a multiple of 20").build();
    static final ConfigKey<Integer> MAX_MESSAGE_SIZE = count("maxMessageSize", 4 * 1024 * 1024, 1,
            "largest message body accepted (bytes)");
    static final ConfigKey<FlushDiskType> FLUSH_DISK_TYPE = ConfigKey.builder("flushDiskType", ValueType.enumOf(FlushDiskType.class))
            .defaultValue(FlushDiskType.ASYNC_FLUSH).important().doc("ASYNC_FLUSH or SYNC_FLUSH (group commit)").build();
    static final ConfigKey<Integer> FLUSH_INTERVAL_COMMIT_LOG = millis("flushIntervalCommitLog", 500,
            "ASYNC_FLUSH: how often the commit log is forced");
    static final ConfigKey<Integer> FLUSH_COMMIT_LOG_LEAST_PAGES = count("flushCommitLogLeastPages", 4, 0,
            "ASYNC_FLUSH: force only when at least this many 4 KiB pages are dirty");
    static final ConfigKey<Integer> FLUSH_COMMIT_LOG_THOROUGH_INTERVAL = millis("flushCommitLogThoroughInterval", 10_000,
            "ASYNC_FLUSH: force whatever is dirty at least this often");
    static final ConfigKey<Integer> FLUSH_INTERVAL_CONSUME_QUEUE = millis("flushIntervalConsumeQueue", 1000,
            "how often consume queues, the index and the checkpoint are forced");
    static final ConfigKey<Integer> FLUSH_CONSUME_QUEUE_LEAST_PAGES = count("flushConsumeQueueLeastPages", 2, 0,
            "force a consume queue only when at least this many pages are dirty");
    static final ConfigKey<Integer> FLUSH_CONSUME_QUEUE_THOROUGH_INTERVAL = millis("flushConsumeQueueThoroughInterval", 60_000,
            "force every dirty consume queue at least this often");
    static final ConfigKey<Integer> SYNC_FLUSH_TIMEOUT = millis("syncFlushTimeout", 5000,
            "SYNC_FLUSH: answer FLUSH_DISK_TIMEOUT when no force covered a put within this");
    static final ConfigKey<String> DELETE_WHEN = ConfigKey.builder("deleteWhen", ValueType.STRING).defaultValue("04")
            .check(parses(DeleteWhen::parse)).important()
            .doc("local hours (';'-separated) in which expired commit-log files are deleted").build();
    static final ConfigKey<Integer> FILE_RESERVED_TIME = count("fileReservedTime", 72, 0,
            "hours a commit-log file is kept after it was last written");
    static final ConfigKey<Integer> DISK_MAX_USED_SPACE_RATIO = ConfigKey.builder("diskMaxUsedSpaceRatio", ValueType.INT)
            .defaultValue(75).check(ConfigKey.intRange(10, 95))
            .doc("disk usage (%) above which the oldest files are deleted at once, expired or not").build();
    static final ConfigKey<Integer> DISK_SPACE_CLEAN_FORCIBLY_RATIO = ConfigKey.builder("diskSpaceCleanForciblyRatio", ValueType.INT)
            .defaultValue(85).check(ConfigKey.intRange(10, 99))
            .petrelNote("RocketMQ reads it from the system property rocketmq.broker.diskSpaceCleanForciblyRatio (0.85)")
            .doc("disk usage (%) above which the oldest files are deleted at once even with a higher diskMaxUsedSpaceRatio").build();
    static final ConfigKey<Integer> DISK_SPACE_WARNING_LEVEL_RATIO = ConfigKey.builder("diskSpaceWarningLevelRatio", ValueType.INT)
            .defaultValue(90).check(ConfigKey.intRange(10, 99))
            .petrelNote("RocketMQ reads it from the system property rocketmq.broker.diskSpaceWarningLevelRatio (0.90)")
            .doc("hard limit: disk usage (%) above which puts are refused (SERVICE_NOT_AVAILABLE, disk full)").build();
    static final ConfigKey<Boolean> CLEAN_FILE_FORCIBLY_ENABLE = ConfigKey.builder("cleanFileForciblyEnable", ValueType.BOOLEAN)
            .defaultValue(true).doc("whether a full disk may delete files that have not expired").build();
    static final ConfigKey<Integer> DESTROY_MAPED_FILE_INTERVAL_FORCIBLY = millis("destroyMapedFileIntervalForcibly", 120_000,
            "a file still read when deleted is destroyed anyway after this");
    static final ConfigKey<Integer> REDELETE_HANGED_FILE_INTERVAL = millis("redeleteHangedFileInterval", 120_000,
            "how often a file whose deletion is pending is tried again");
    static final ConfigKey<Integer> CLEAN_RESOURCE_INTERVAL = millis("cleanResourceInterval", 10_000,
            "how often retention and disk usage are checked");
    static final ConfigKey<Integer> DELETE_COMMIT_LOG_FILES_INTERVAL = millis("deleteCommitLogFilesInterval", 100,
            "pause between two commit-log file deletions");
    static final ConfigKey<String> MESSAGE_DELAY_LEVEL = ConfigKey.builder("messageDelayLevel", ValueType.STRING)
            .defaultValue(DelayLevelTable.DEFAULT).check(parses(DelayLevelTable::parse))
            .doc("durations of delay levels 1, 2, ...").build();
    static final ConfigKey<Boolean> MESSAGE_INDEX_ENABLE = ConfigKey.builder("messageIndexEnable", ValueType.BOOLEAN)
            .defaultValue(true).important().doc("index KEYS and UNIQ_KEY for query by key").build();
    static final ConfigKey<Integer> MAX_HASH_SLOT_NUM = count("maxHashSlotNum", 5_000_000, 1, "hash slots per index file");
    static final ConfigKey<Integer> MAX_INDEX_NUM = count("maxIndexNum", 5_000_000 * 4, 2, "entries per index file");
    static final ConfigKey<Integer> DEFAULT_QUERY_MAX_NUM = count("defaultQueryMaxNum", 32, 1, "query-by-key result limit");
    static final ConfigKey<Integer> MAX_MSGS_NUM_BATCH = count("maxMsgsNumBatch", 64, 1, "upper bound of any query by key");
    static final ConfigKey<Integer> MAX_TRANSFER_BYTES_ON_MESSAGE_IN_MEMORY = count("maxTransferBytesOnMessageInMemory",
            256 * 1024, 1, "pull: bytes per response while the data is in memory");
    static final ConfigKey<Integer> MAX_TRANSFER_COUNT_ON_MESSAGE_IN_MEMORY = count("maxTransferCountOnMessageInMemory",
            32, 1, "pull: messages per response while the data is in memory");
    static final ConfigKey<Integer> MAX_TRANSFER_BYTES_ON_MESSAGE_IN_DISK = count("maxTransferBytesOnMessageInDisk",
            64 * 1024, 1, "pull: bytes per response when the data is on disk");
    static final ConfigKey<Integer> MAX_TRANSFER_COUNT_ON_MESSAGE_IN_DISK = count("maxTransferCountOnMessageInDisk",
            8, 1, "pull: messages per response when the data is on disk");
    static final ConfigKey<Integer> ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO = ConfigKey.builder("accessMessageInMemoryMaxRatio", ValueType.INT)
            .defaultValue(40).check(ConfigKey.intRange(0, 100))
            .doc("data further than this % of RAM behind the commit-log end counts as on disk").build();
    static final ConfigKey<Boolean> CHECK_CRC_ON_RECOVER = ConfigKey.builder("checkCRCOnRecover", ValueType.BOOLEAN)
            .defaultValue(true).doc("verify body CRCs when recovering").build();

    /** DLedger (RocketMQ's Raft commit log) keys: Petrel has none, see {@link #ENABLE_DLEGER_COMMIT_LOG}. */
    private static final String NO_DLEGER = "accepted for compatibility; Petrel has no DLedger commit log, and RocketMQ"
            + " reads this key only with enableDLegerCommitLog=true, which Petrel refuses";
    private static final String DLEGER_REFUSED = "is refused: Petrel has no DLedger commit log, so the brokers of a"
            + " DLedger group would each start as a master with the same brokerName and brokerId 0; use master/slave"
            + " instead (a master with brokerId=0 and its slaves with the same brokerName, a brokerId above 0 and"
            + " brokerRole=SLAVE, as in conf/2m-2s-async), knowing that Petrel does not replicate between them yet";

    /** Refused when true: Apache's dledger/broker-n*.conf would otherwise start masters that share a name and id 0. */
    static final ConfigKey<Boolean> ENABLE_DLEGER_COMMIT_LOG = ConfigKey.builder("enableDLegerCommitLog", ValueType.BOOLEAN)
            .defaultValue(false).check(v -> v ? DLEGER_REFUSED : null).doc("store the commit log in a DLedger (Raft) group")
            .noEffect("DLedger is not supported: enableDLegerCommitLog=true refuses to start, and false is what Petrel"
                    + " does").build();
    static final ConfigKey<String> DLEGER_GROUP = dleger("dLegerGroup", "DLedger group name");
    static final ConfigKey<String> DLEGER_PEERS = dleger("dLegerPeers", "the group's members, id-host:port separated by ';'");
    static final ConfigKey<String> DLEGER_SELF_ID = dleger("dLegerSelfId", "this member's id in dLegerPeers");
    static final ConfigKey<String> PREFERRED_LEADER_ID = dleger("preferredLeaderId", "the member that should lead");

    private static ConfigKey<String> dleger(String name, String doc) {
        return ConfigKey.builder(name, ValueType.STRING).defaultValue("").doc(doc).noEffect(NO_DLEGER).build();
    }

    /** Every store key, in the order {@code -p} prints them; the broker's registry includes it. */
    public static final ConfigRegistry REGISTRY = new ConfigRegistry("store", List.of(
            STORE_PATH_ROOT_DIR, STORE_PATH_COMMIT_LOG, STORE_PATH_CONSUME_QUEUE, STORE_PATH_INDEX, STORE_CHECKPOINT,
            ABORT_FILE, MAPPED_FILE_SIZE_COMMIT_LOG, MAPPED_FILE_SIZE_CONSUME_QUEUE, MAX_MESSAGE_SIZE, FLUSH_DISK_TYPE,
            FLUSH_INTERVAL_COMMIT_LOG, FLUSH_COMMIT_LOG_LEAST_PAGES, FLUSH_COMMIT_LOG_THOROUGH_INTERVAL,
            FLUSH_INTERVAL_CONSUME_QUEUE, FLUSH_CONSUME_QUEUE_LEAST_PAGES, FLUSH_CONSUME_QUEUE_THOROUGH_INTERVAL,
            SYNC_FLUSH_TIMEOUT, DELETE_WHEN, FILE_RESERVED_TIME, DISK_MAX_USED_SPACE_RATIO, DISK_SPACE_CLEAN_FORCIBLY_RATIO,
            DISK_SPACE_WARNING_LEVEL_RATIO, CLEAN_FILE_FORCIBLY_ENABLE, DESTROY_MAPED_FILE_INTERVAL_FORCIBLY,
            REDELETE_HANGED_FILE_INTERVAL, CLEAN_RESOURCE_INTERVAL, DELETE_COMMIT_LOG_FILES_INTERVAL, MESSAGE_DELAY_LEVEL,
            MESSAGE_INDEX_ENABLE, MAX_HASH_SLOT_NUM, MAX_INDEX_NUM, DEFAULT_QUERY_MAX_NUM, MAX_MSGS_NUM_BATCH,
            MAX_TRANSFER_BYTES_ON_MESSAGE_IN_MEMORY, MAX_TRANSFER_COUNT_ON_MESSAGE_IN_MEMORY,
            MAX_TRANSFER_BYTES_ON_MESSAGE_IN_DISK, MAX_TRANSFER_COUNT_ON_MESSAGE_IN_DISK,
            ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, CHECK_CRC_ON_RECOVER, ENABLE_DLEGER_COMMIT_LOG, DLEGER_GROUP, DLEGER_PEERS,
            DLEGER_SELF_ID, PREFERRED_LEADER_ID));

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
