package io.petrel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerConfig;
import io.petrel.namesrv.NamesrvConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Every key a broker or NameServer file may set either does something in Petrel, and is then named
 * in the lists below (each entry checked by reading the code that uses it), or says it has none
 * ({@link ConfigKey#hasEffect()} false, with a note that {@code -p} prints above it and that a
 * server repeats at start-up when its file sets the key). A new key cannot slip in looking as if it
 * worked: it fails here until it is added to a list or marked without effect.
 */
class KeyEffectAuditTest {

    /** Broker and store keys whose value Petrel's code reads and acts on. */
    private static final List<String> BROKER_KEYS_WITH_EFFECT = List.of("brokerClusterName", "brokerName", "brokerId",
            "namesrvAddr", "brokerIP1", "listenPort", "bindAddress", "brokerRole", "brokerPermission",
            "defaultTopicQueueNums", "autoCreateTopicEnable", "clusterTopicEnable", "brokerTopicEnable",
            "autoCreateSubscriptionGroup", "traceTopicEnable", "msgTraceTopicName", "registerNameServerPeriod",
            "registerBrokerTimeoutMills", "compressedRegister", "flushConsumerOffsetInterval", "longPollingEnable",
            "shortPollingTimeMills", "notifyConsumerIdsChangedEnable", "slaveReadEnable", "regionId", "traceOn",
            "rejectTransactionMessage", "transactionTimeOut", "transactionCheckMax", "transactionCheckInterval",
            "storeReplyMessageEnable",
            "clientChannelExpiredMillis", "serverChannelMaxIdleTimeSeconds",
            "rebalanceLockMaxLiveTime", "flushDelayOffsetInterval", "configBlackList",
            "storePathRootDir", "storePathCommitLog", "storePathConsumeQueue", "storePathIndex", "storeCheckpoint",
            "abortFile", "mappedFileSizeCommitLog", "mappedFileSizeConsumeQueue", "maxMessageSize", "flushDiskType",
            "flushIntervalCommitLog", "flushCommitLogLeastPages", "flushCommitLogThoroughInterval",
            "flushIntervalConsumeQueue", "flushConsumeQueueLeastPages", "flushConsumeQueueThoroughInterval",
            "syncFlushTimeout", "deleteWhen", "fileReservedTime", "diskMaxUsedSpaceRatio", "diskSpaceCleanForciblyRatio",
            "diskSpaceWarningLevelRatio", "cleanFileForciblyEnable", "destroyMapedFileIntervalForcibly",
            "redeleteHangedFileInterval", "cleanResourceInterval", "deleteCommitLogFilesInterval", "messageDelayLevel",
            "messageIndexEnable", "maxHashSlotNum", "maxIndexNum", "defaultQueryMaxNum", "maxMsgsNumBatch",
            "maxTransferBytesOnMessageInMemory", "maxTransferCountOnMessageInMemory", "maxTransferBytesOnMessageInDisk",
            "maxTransferCountOnMessageInDisk", "accessMessageInMemoryMaxRatio", "checkCRCOnRecover",
            "brokerIP2", "haListenPort", "haSendHeartbeatInterval", "haHousekeepingInterval", "haTransferBatchSize",
            "haMasterAddress", "haSlaveFallbehindMax", "slaveTimeout", "aclEnable", "rocketmqHome",
            "metricsExporterType", "metricsPromExporterHost", "metricsPromExporterPort");

    /** NameServer keys whose value Petrel's code reads and acts on. */
    private static final List<String> NAMESRV_KEYS_WITH_EFFECT = List.of("listenPort", "bindAddress", "kvConfigPath",
            "orderMessageEnable", "brokerExpiredMillis", "scanNotActiveBrokerInterval", "serverChannelMaxIdleTimeSeconds",
            "metricsExporterType", "metricsPromExporterHost", "metricsPromExporterPort");

    private static void audit(ConfigRegistry registry, List<String> withEffect) {
        TreeSet<String> unlisted = new TreeSet<>();
        TreeSet<String> listedWithoutEffect = new TreeSet<>();
        for (ConfigKey<?> key : registry.keys()) {
            if (key.hasEffect() && !withEffect.contains(key.name())) {
                unlisted.add(key.name());
            }
            if (!key.hasEffect()) {
                assertThat(key.petrelNote()).as("%s has no effect and must say so", key.name()).isNotBlank();
                if (withEffect.contains(key.name())) {
                    listedWithoutEffect.add(key.name());
                }
            }
        }
        assertThat(unlisted).as("%s keys that neither are listed as having effect nor are marked noEffect(...)",
                registry.component()).isEmpty();
        assertThat(listedWithoutEffect).as("listed as having effect but marked noEffect(...)").isEmpty();
        assertThat(withEffect).as("listed keys the registry does not have")
                .allMatch(name -> registry.find(name) != null);
    }

    @Test
    void everyBrokerKeyEitherHasEffectOrSaysItHasNone() {
        audit(BrokerConfig.REGISTRY, BROKER_KEYS_WITH_EFFECT);
    }

    @Test
    void everyNameServerKeyEitherHasEffectOrSaysItHasNone() {
        audit(NamesrvConfig.REGISTRY, NAMESRV_KEYS_WITH_EFFECT);
    }

    @Test
    void theKeysTheIssueNamedAreMarked() {
        assertThat(BrokerConfig.REGISTRY.find("aclEnable").hasEffect()).as("aclEnable has effect since ACL (issue 22)").isTrue();
        for (String name : List.of("enableDLegerCommitLog", "dLegerPeers")) {
            assertThat(BrokerConfig.REGISTRY.find(name).hasEffect()).as(name).isFalse();
        }
        for (String name : List.of("haListenPort", "brokerIP2", "slaveTimeout")) {
            assertThat(BrokerConfig.REGISTRY.find(name).hasEffect()).as(name + " has effect since replication").isTrue();
        }
        for (String name : List.of("slaveReadEnable", "brokerRole")) {
            assertThat(BrokerConfig.REGISTRY.find(name).petrelNote()).as(name + " says how it differs").isNotBlank();
        }
        assertThat(BrokerConfig.REGISTRY.find("rejectTransactionMessage").petrelNote())
                .as("rejectTransactionMessage acts as RocketMQ's since transactions exist").isNullOrEmpty();
    }

    @Test
    void keysSetWithoutEffectAreNamedOncePerReason() {
        ConfigValues values = BrokerConfig.REGISTRY.bind(Map.of("sendMessageThreadPoolNums", "16",
                "pullMessageThreadPoolNums", "16", "forceRegister", "true", "listenPort", "10911"),
                ConfigContext.of("/home/petrel", "127.0.0.1"), true);
        assertThat(values.noEffectWarnings()).containsExactly(
                "forceRegister: no effect (" + BrokerConfig.REGISTRY.find("forceRegister").petrelNote() + ")",
                "sendMessageThreadPoolNums, pullMessageThreadPoolNums: no effect ("
                        + BrokerConfig.REGISTRY.find("sendMessageThreadPoolNums").petrelNote() + ")");
    }

    @Test
    void dLedgerIsRefusedWhenSwitchedOnAndAclIsAccepted() {
        ConfigContext context = ConfigContext.of("/home/petrel", "127.0.0.1");
        Assertions.assertThatThrownBy(() -> BrokerConfig.REGISTRY.bind(
                Map.of("aclEnable", "true", "enableDLegerCommitLog", "true"), context, true))
                .isInstanceOf(ConfigException.class)
                .message().doesNotContain("aclEnable");
        Assertions.assertThatThrownBy(() -> BrokerConfig.REGISTRY.bind(
                Map.of("aclEnable", "true", "enableDLegerCommitLog", "true"), context, true))
                .hasMessageContaining("bad value for enableDLegerCommitLog: 'true' is refused")
                .hasMessageContaining("use master/slave instead");
        assertThat(BrokerConfig.REGISTRY.bind(Map.of("aclEnable", "false", "enableDLegerCommitLog", "false"),
                context, true).noEffectWarnings()).hasSize(1);
    }

    @Test
    void filterServersAndTlsAreRefusedWhenAskedFor() {
        ConfigContext context = ConfigContext.of("/home/petrel", "127.0.0.1");
        Assertions.assertThatThrownBy(() -> BrokerConfig.REGISTRY.bind(
                Map.of("filterServerNums", "2"), context, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad value for filterServerNums: '2' is refused: Petrel starts no filter servers");
        Assertions.assertThatThrownBy(() -> BrokerConfig.REGISTRY.bind(
                Map.of("useTLS", "true"), context, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad value for useTLS: 'true' is refused: Petrel's broker reaches NameServers over plain TCP");
        assertThat(BrokerConfig.REGISTRY.bind(Map.of("filterServerNums", "0", "useTLS", "false"), context, true)
                .noEffectWarnings()).hasSize(2);
    }
}
