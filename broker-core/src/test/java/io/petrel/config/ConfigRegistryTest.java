package io.petrel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRegistryTest {

    enum Mode { ASYNC_FLUSH, SYNC_FLUSH }

    static final ConfigKey<Integer> PORT = ConfigKey.builder("listenPort", ValueType.INT).defaultValue(9876)
            .check(ConfigKey.intRange(1, 65535)).important().doc("port").build();
    static final ConfigKey<Long> FILE_SIZE = ConfigKey.builder("mappedFileSizeCommitLog", ValueType.LONG)
            .alias("mapedFileSizeCommitLog").defaultValue(1L << 30).build();
    static final ConfigKey<Boolean> AUTO = ConfigKey.builder("autoCreateTopicEnable", ValueType.BOOLEAN)
            .defaultValue(true).build();
    static final ConfigKey<Mode> MODE = ConfigKey.builder("flushDiskType", ValueType.enumOf(Mode.class))
            .defaultValue(Mode.ASYNC_FLUSH).important().build();
    static final ConfigKey<String> ROOT = ConfigKey.builder("storePathRootDir", ValueType.STRING)
            .defaultFrom(c -> c.userHome() + "/store").build();

    static final ConfigRegistry REGISTRY = new ConfigRegistry("broker", List.of(PORT, FILE_SIZE, AUTO, MODE, ROOT));
    static final ConfigContext CONTEXT = ConfigContext.of("/home/op", "10.0.0.1");

    @Test
    void bindsTypedValuesAndFillsDefaultsIncludingContextDependentOnes() {
        ConfigValues v = REGISTRY.bind(Map.of("listenPort", "10911", "flushDiskType", "sync_flush"), CONTEXT, false);
        assertThat(v.get(PORT)).isEqualTo(10911);
        assertThat(v.get(MODE)).isEqualTo(Mode.SYNC_FLUSH);
        assertThat(v.get(AUTO)).isTrue();
        assertThat(v.get(ROOT)).isEqualTo("/home/op/store");
        assertThat(v.isExplicit(PORT)).isTrue();
        assertThat(v.isExplicit(AUTO)).isFalse();
    }

    @Test
    void acceptsRocketMqsMisspelledAlias() {
        ConfigValues v = REGISTRY.bind(Map.of("mapedFileSizeCommitLog", "1024"), CONTEXT, false);
        assertThat(v.get(FILE_SIZE)).isEqualTo(1024L);
    }

    @Test
    void theSameKeyUnderTwoSpellingsIsAnError() {
        assertThatThrownBy(() -> REGISTRY.bind(
                Map.of("mapedFileSizeCommitLog", "1024", "mappedFileSizeCommitLog", "2048"), CONTEXT, false))
                .hasMessageContaining("mappedFileSizeCommitLog is set twice");
    }

    @Test
    void unknownKeysWarnOrFailInStrictMode() {
        ConfigValues v = REGISTRY.bind(Map.of("brokerNmae", "x"), CONTEXT, false);
        assertThat(v.warnings()).containsExactly("unknown broker config key 'brokerNmae' (ignored)");
        assertThatThrownBy(() -> REGISTRY.bind(Map.of("brokerNmae", "x"), CONTEXT, true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("brokerNmae");
    }

    @Test
    void everyBadValueIsReportedWithItsKeyAndText() {
        assertThatThrownBy(() -> REGISTRY.bind(
                Map.of("listenPort", "99999", "autoCreateTopicEnable", "yes", "flushDiskType", "SOMETIMES"), CONTEXT, false))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "bad value for autoCreateTopicEnable: 'yes' is not true or false",
                        "bad value for flushDiskType: 'SOMETIMES' is not one of ASYNC_FLUSH|SYNC_FLUSH",
                        "bad value for listenPort: '99999' must be between 1 and 65535"));
        assertThatThrownBy(() -> REGISTRY.bind(Map.of("listenPort", "ten"), CONTEXT, false))
                .hasMessage("bad value for listenPort: 'ten' is not an integer");
    }

    @Test
    void rendersAllOrOnlyImportantKeysInRegistryOrder() {
        ConfigValues v = REGISTRY.defaults(CONTEXT);
        assertThat(v.render(false)).containsExactly("listenPort=9876", "mappedFileSizeCommitLog=1073741824",
                "autoCreateTopicEnable=true", "flushDiskType=ASYNC_FLUSH", "storePathRootDir=/home/op/store");
        assertThat(v.render(true)).containsExactly("listenPort=9876", "flushDiskType=ASYNC_FLUSH");
    }

    @Test
    void readsPropertiesTextWithCommentsAndEscapes() {
        Map<String, String> p = PropertiesText.parse("# comment\nbrokerName=broker-a\nnamesrvAddr=1.2.3.4:9876;\\\n  5.6.7.8:9876\n");
        assertThat(p).containsEntry("brokerName", "broker-a").containsEntry("namesrvAddr", "1.2.3.4:9876;5.6.7.8:9876");
    }
}
