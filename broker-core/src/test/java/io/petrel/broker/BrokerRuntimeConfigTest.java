package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigKey;
import io.petrel.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which keys UPDATE_BROKER_CONFIG may change, and that a refused update changes nothing. */
class BrokerRuntimeConfigTest {

    private static BrokerConfig settings() {
        return BrokerConfig.from(BrokerConfig.REGISTRY.bind(Map.of("brokerIP1", "10.0.0.1"),
                ConfigContext.of("/home/op", "10.0.0.1"), true));
    }

    @Test
    void noPathDirectoryFileClassScriptOrAddressKeyCanChangeAtRuntime() {
        List<String> updatable = new ArrayList<>();
        for (ConfigKey<?> key : BrokerConfig.REGISTRY.keys()) {
            if (BrokerRuntimeConfig.updatableAtRuntime(key)) {
                updatable.add(key.name());
            }
        }
        assertThat(updatable).containsExactlyInAnyOrder("brokerPermission", "defaultTopicQueueNums", "autoCreateTopicEnable",
                "autoCreateSubscriptionGroup", "longPollingEnable", "shortPollingTimeMills", "notifyConsumerIdsChangedEnable",
                "slaveReadEnable", "rejectTransactionMessage", "transactionTimeOut", "transactionCheckMax",
                "transactionCheckInterval", "storeReplyMessageEnable");
        for (String name : List.of("storePathRootDir", "storePathCommitLog", "brokerConfigPath", "rocketmqHome",
                "namesrvAddr", "abortFile", "storeCheckpoint", "messageDelayLevel", "flushDiskType", "brokerRole")) {
            assertThat(BrokerRuntimeConfig.updatableAtRuntime(BrokerConfig.REGISTRY.find(name))).as(name).isFalse();
        }
    }

    @Test
    void anAcceptedUpdateIsAnnouncedAndARefusedOneChangesNothing() {
        List<List<String>> announced = new ArrayList<>();
        BrokerRuntimeConfig config = new BrokerRuntimeConfig(settings(), 1_000, (next, keys) -> announced.add(keys));
        BrokerRuntimeConfig.Outcome refused = config.update(Map.of("brokerPermission", "4", "storePathRootDir", "/evil"), 2_000);
        assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(config.current().brokerPermission()).isEqualTo(6);
        assertThat(config.dataVersion().counter()).isZero();
        assertThat(announced).isEmpty();

        BrokerRuntimeConfig.Outcome ok = config.update(Map.of("brokerPermission", "4"), 3_000);
        assertThat(ok.ok()).isTrue();
        assertThat(config.current().brokerPermission()).isEqualTo(4);
        assertThat(config.dataVersion()).satisfies(v -> {
            assertThat(v.counter()).isEqualTo(1);
            assertThat(v.timestamp()).isEqualTo(3_000);
        });
        assertThat(announced).containsExactly(List.of("brokerPermission"));
        assertThat(config.allConfigsText()).contains("brokerPermission=4\n");
    }

    @Test
    void listsEveryKeyTheOfficialExportConfigsReads() {
        // mqadmin exportConfigs copies these 16 keys from GET_BROKER_CONFIG and fails on one that is missing.
        List<String> exported = List.of("brokerClusterName", "brokerId", "brokerName", "brokerRole", "fileReservedTime",
                "filterServerNums", "flushDiskType", "maxMessageSize", "messageDelayLevel", "msgTraceTopicName",
                "slaveReadEnable", "traceOn", "traceTopicEnable", "useTLS", "autoCreateTopicEnable", "autoCreateSubscriptionGroup");
        List<String> listed = new BrokerRuntimeConfig(settings(), 1_000, (next, keys) -> { }).allConfigsText().lines()
                .map(l -> l.substring(0, l.indexOf('='))).toList();
        assertThat(listed).containsAll(exported);
        assertThat(new BrokerRuntimeConfig(settings(), 1_000, (next, keys) -> { }).allConfigsText())
                .contains("filterServerNums=0\n", "useTLS=false\n");
    }
}
