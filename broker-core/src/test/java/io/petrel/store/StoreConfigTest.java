package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigException;
import io.petrel.config.PropertiesText;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Store keys bind with RocketMQ's names, aliases and defaults, and refuse bad values clearly. */
class StoreConfigTest {

    private static final ConfigContext CONTEXT = ConfigContext.of("/home/op", "10.0.0.1");

    @Test
    void defaultsAreRocketMqsAndPathsFollowTheRoot() {
        StoreConfig c = StoreConfig.of(Map.of(), CONTEXT);
        assertThat(c.storePathRootDir()).isEqualTo("/home/op/store");
        assertThat(c.storePathCommitLog()).isEqualTo("/home/op/store/commitlog");
        assertThat(c.storePathConsumeQueue()).isEqualTo("/home/op/store/consumequeue");
        assertThat(c.storePathIndex()).isEqualTo("/home/op/store/index");
        assertThat(c.storeCheckpoint()).isEqualTo("/home/op/store/checkpoint");
        assertThat(c.abortFile()).isEqualTo("/home/op/store/abort");
        assertThat(c.mappedFileSizeCommitLog()).isEqualTo(1 << 30);
        assertThat(c.mappedFileSizeConsumeQueue()).isEqualTo(6_000_000);
        assertThat(c.maxMessageSize()).isEqualTo(4 << 20);
        assertThat(c.flushDiskType()).isEqualTo(FlushDiskType.ASYNC_FLUSH);
        assertThat(c.flushIntervalCommitLog()).isEqualTo(500);
        assertThat(c.flushCommitLogLeastPages()).isEqualTo(4);
        assertThat(c.flushCommitLogThoroughInterval()).isEqualTo(10_000);
        assertThat(c.flushIntervalConsumeQueue()).isEqualTo(1000);
        assertThat(c.flushConsumeQueueLeastPages()).isEqualTo(2);
        assertThat(c.flushConsumeQueueThoroughInterval()).isEqualTo(60_000);
        assertThat(c.syncFlushTimeout()).isEqualTo(5000);
        assertThat(c.deleteWhen()).hasToString("04");
        assertThat(c.fileReservedTime()).isEqualTo(72);
        assertThat(c.diskMaxUsedSpaceRatio()).isEqualTo(75);
        assertThat(c.diskSpaceWarningLevelRatio()).isEqualTo(90);
        assertThat(c.diskSpaceCleanForciblyRatio()).isEqualTo(85);
        assertThat(c.destroyMapedFileIntervalForcibly()).isEqualTo(120_000);
        assertThat(c.redeleteHangedFileInterval()).isEqualTo(120_000);
        assertThat(c.cleanResourceInterval()).isEqualTo(10_000);
        assertThat(c.messageDelayLevel().maxLevel()).isEqualTo(18);
        assertThat(c.messageDelayLevel().delayMs(3)).isEqualTo(10_000);
        assertThat(c.messageDelayLevel().delayMs(18)).isEqualTo(7_200_000);
        assertThat(c.maxHashSlotNum()).isEqualTo(5_000_000);
        assertThat(c.maxIndexNum()).isEqualTo(20_000_000);
        assertThat(c.defaultQueryMaxNum()).isEqualTo(32);
        assertThat(c.maxTransferBytesOnMessageInMemory()).isEqualTo(256 * 1024);
        assertThat(c.maxTransferCountOnMessageInMemory()).isEqualTo(32);
        assertThat(c.maxTransferBytesOnMessageInDisk()).isEqualTo(64 * 1024);
        assertThat(c.maxTransferCountOnMessageInDisk()).isEqualTo(8);
        assertThat(c.accessMessageInMemoryMaxRatio()).isEqualTo(40);
    }

    @Test
    void bindsTheRunbooksBrokerFileWithItsMisspelledKeys() {
        String runbook = """
                deleteWhen=04
                fileReservedTime=120
                mapedFileSizeCommitLog=1073741824
                mapedFileSizeConsumeQueue=50000000
                destroyMapedFileIntervalForcibly=120000
                redeleteHangedFileInterval=120000
                diskMaxUsedSpaceRatio=88
                storePathRootDir=/root/alibaba-rocketmq-master3/store
                storePathCommitLog=/root/alibaba-rocketmq-master3/logs
                maxMessageSize=65536
                flushCommitLogLeastPages=4
                flushConsumeQueueLeastPages=2
                flushCommitLogThoroughInterval=10000
                flushConsumeQueueThoroughInterval=60000
                flushDiskType=ASYNC_FLUSH
                """;
        StoreConfig c = StoreConfig.of(PropertiesText.parse(runbook), CONTEXT);
        assertThat(c.storePathCommitLog()).isEqualTo("/root/alibaba-rocketmq-master3/logs");
        assertThat(c.storePathConsumeQueue()).isEqualTo("/root/alibaba-rocketmq-master3/store/consumequeue");
        assertThat(c.mappedFileSizeConsumeQueue()).isEqualTo(50_000_000);
        assertThat(c.fileReservedTime()).isEqualTo(120);
        assertThat(c.diskMaxUsedSpaceRatio()).isEqualTo(88);
        assertThat(c.maxMessageSize()).isEqualTo(65536);
    }

    @Test
    void theMisspelledCommitLogFileSizeAloneIsBound() {
        StoreConfig c = StoreConfig.of(Map.of("mapedFileSizeCommitLog", "65536", "maxMessageSize", "8192"), CONTEXT);
        assertThat(c.mappedFileSizeCommitLog()).isEqualTo(65536);
    }

    @Test
    void explicitIndexCheckpointAndAbortPathsAreHonoured() {
        StoreConfig c = StoreConfig.of(Map.of("storePathRootDir", "/data/store", "storePathIndex", "/ssd/index",
                "storeCheckpoint", "/ssd/meta/checkpoint", "abortFile", "/run/petrel/abort"), CONTEXT);
        assertThat(c.storePathIndex()).isEqualTo("/ssd/index");
        assertThat(c.storeCheckpoint()).isEqualTo("/ssd/meta/checkpoint");
        assertThat(c.abortFile()).isEqualTo("/run/petrel/abort");
        assertThat(c.storePathCommitLog()).as("unset paths still follow the root").isEqualTo("/data/store/commitlog");
    }

    @Test
    void consumeQueueFileSizeIsRoundedUpToWholeEntries() {
        assertThat(StoreConfig.of(Map.of("mappedFileSizeConsumeQueue", "1001"), CONTEXT).mappedFileSizeConsumeQueue()).isEqualTo(1020);
    }

    @Test
    void badValuesAndCrossFieldConflictsAreNamed() {
        assertThatThrownBy(() -> StoreConfig.of(Map.of("deleteWhen", "04;25", "messageDelayLevel", "1s 5x",
                "storePathRootDir", "relative"), CONTEXT))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("deleteWhen").hasMessageContaining("hour 25")
                .hasMessageContaining("messageDelayLevel").hasMessageContaining("storePathRootDir");
        assertThatThrownBy(() -> StoreConfig.of(Map.of("diskMaxUsedSpaceRatio", "99"), CONTEXT))
                .hasMessageContaining("between 10 and 95");
        assertThatThrownBy(() -> StoreConfig.of(Map.of("mappedFileSizeCommitLog", "65536", "maxMessageSize", "65536"), CONTEXT))
                .hasMessageContaining("maxMessageSize (65536) must be smaller than mappedFileSizeCommitLog");
        assertThatThrownBy(() -> StoreConfig.of(Map.of("diskSpaceWarningLevelRatio", "80"), CONTEXT))
                .hasMessageContaining("hard limit");
        assertThatThrownBy(() -> StoreConfig.of(Map.of("mappedFileSizeCommitLog", "8192", "mapedFileSizeCommitLog", "16384"), CONTEXT))
                .hasMessageContaining("set twice");
        assertThatThrownBy(() -> StoreConfig.of(Map.of("storePathRootDri", "/x"), CONTEXT)).hasMessageContaining("storePathRootDri");
    }

    @Test
    void theRegistryRendersEveryKeyInOrderForTheBrokersDashP() {
        var lines = StoreConfig.REGISTRY.defaults(CONTEXT).render(false);
        assertThat(lines.get(0)).isEqualTo("storePathRootDir=/home/op/store");
        assertThat(lines).contains("mappedFileSizeCommitLog=1073741824", "flushDiskType=ASYNC_FLUSH",
                "diskSpaceWarningLevelRatio=90");
        assertThat(StoreConfig.REGISTRY.find("mapedFileSizeConsumeQueue").name()).isEqualTo("mappedFileSizeConsumeQueue");
    }

    @Test
    void deleteWhenUsesTheGivenZoneNotTheMachines() {
        DeleteWhen at4 = DeleteWhen.parse("04;16");
        long utc4am = 1_767_240_000_000L;
        assertThat(at4.isTimeToDelete(utc4am, ZoneId.of("UTC"))).isTrue();
        assertThat(at4.isTimeToDelete(utc4am, ZoneId.of("+08:00"))).isFalse();
        assertThat(at4.isTimeToDelete(utc4am + 12 * 3_600_000L, ZoneId.of("UTC"))).isTrue();
    }
}
