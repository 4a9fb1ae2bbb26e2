package io.petrel.real.mqadmin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.real.admin.BlockingAdmin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mqadmin's command line in-process: the command list, help, and the exit codes and messages of
 * bad input. Usage errors must be reported before any connection is opened.
 */
class MqAdminCommandLineTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger sessionsOpened = new AtomicInteger();

    private int run(String defaultNamesrv, String... args) {
        MqAdminContext context = new MqAdminContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), defaultNamesrv, ZoneOffset.UTC, dir, dir.resolve("bodies"),
                () -> 1_700_000_000_000L, namesrvs -> {
                    sessionsOpened.incrementAndGet();
                    return BlockingAdmin.start(namesrvs, 1_000, 10_000, dir);
                });
        return MqAdmin.execute(args, context);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutArgumentsItListsTheCommandsLikeMqadmin() {
        assertThat(run(null)).isZero();
        assertThat(out()).startsWith("The most commonly used mqadmin commands are:\n")
                .contains("   updateTopic          ", "   getConsumerStatus    ", "   clusterList          ")
                .endsWith("\nSee 'mqadmin help <command>' for more information on a specific command.\n");
    }

    @Test
    void helpOfACommandShowsRocketMqsOptionLetters() {
        assertThat(run(null, "help", "updateTopic")).isZero();
        assertThat(out()).contains("Usage: mqadmin updateTopic", "-t, --topic", "-c, --clusterName", "-b, --brokerAddr",
                "-r, --readQueueNums", "-w, --writeQueueNums", "-p, --perm", "-o, --order", "-n, --namesrvAddr");
        assertThat(run(null, "help", "updateSubGroup")).isZero();
        assertThat(out()).contains("-g, --groupName", "-s, --consumeEnable", "-m, --consumeFromMinEnable",
                "-d, --consumeBroadcastEnable", "-q, --retryQueueNums", "-r, --retryMaxTimes", "-i, --brokerId",
                "-w, --whichBrokerWhenConsumeSlowly");
    }

    @Test
    void anUnknownCommandIsNamedAndExitsNonZero() {
        assertThat(run(null, "nosuchCommand", "-n", "127.0.0.1:9876")).isEqualTo(2);
        assertThat(err()).startsWith("The sub command nosuchCommand not exist.");
        assertThat(run(null, "help", "nosuchCommand")).isEqualTo(2);
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void aMissingRequiredOptionIsNamedWithTheCommandsUsage() {
        assertThat(run("127.0.0.1:9876", "topicRoute")).isEqualTo(2);
        assertThat(err()).startsWith("mqadmin topicRoute: Missing required option: '--topic=<topic>'")
                .contains("Usage: mqadmin topicRoute");
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void invalidValuesAreRefusedBeforeAnythingIsSent() {
        assertThat(run("127.0.0.1:9876", "updateTopic", "-c", "DefaultCluster", "-t", "bad/topic")).isEqualTo(2);
        assertThat(err()).contains("mqadmin updateTopic: invalid topic name 'bad/topic'", "contains illegal characters");
        assertThat(run("127.0.0.1:9876", "updateTopic", "-c", "C", "-t", "T", "-p", "X")).isEqualTo(2);
        assertThat(err()).contains("permission must be W, R or WR");
        assertThat(run("127.0.0.1:9876", "updateTopic", "-t", "T")).isEqualTo(2);
        assertThat(err()).contains("give -b brokerAddr or -c clusterName");
        assertThat(run("127.0.0.1:9876", "updateSubGroup", "-b", "127.0.0.1:10911", "-g", "G", "-s", "yes")).isEqualTo(2);
        assertThat(err()).contains("option -s must be true or false, not 'yes'");
        assertThat(run("127.0.0.1:9876", "updateTopic", "-c", "C", "-t", "T", "-r", "many")).isEqualTo(2);
        assertThat(err()).contains("Invalid value for option '--readQueueNums': 'many' is not an int");
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void withoutNamesrvAddrOrEnvironmentTheCommandSaysHowToGiveOne() {
        assertThat(run(null, "topicList")).isEqualTo(1);
        assertThat(err()).isEqualTo("mqadmin topicList: no NameServer address given: "
                + "use -n host:port[;host:port] or set NAMESRV_ADDR\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void aMalformedNamesrvAddressIsAUsageError() {
        assertThat(run(null, "topicList", "-n", "localhost")).isEqualTo(2);
        assertThat(err()).contains("invalid NameServer address: not a host:port address: 'localhost'");
    }

    @Test
    void updateOrderConfRefusesAnUnknownMethodAndAPutWithoutValue() {
        assertThat(run("127.0.0.1:9876", "updateOrderConf", "-t", "T", "-m", "list")).isEqualTo(2);
        assertThat(err()).contains("mqadmin updateOrderConf: -m must be put, get or delete, not 'list'");
        assertThat(run("127.0.0.1:9876", "updateOrderConf", "-t", "T", "-m", "put")).isEqualTo(2);
        assertThat(err()).contains("mqadmin updateOrderConf: please set orderConf with option -v.");
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void queryMsgByUniqueKeyRefusesAGroupWithoutAClientId() {
        assertThat(run("127.0.0.1:9876", "queryMsgByUniqueKey", "-t", "T", "-i", "ID", "-g", "G")).isEqualTo(2);
        assertThat(err()).contains("mqadmin queryMsgByUniqueKey: -g and -d go together");
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void clusterRtRefusesAnIntervalBelowOneSecondAndASizeOverTheLimit() {
        assertThat(run("127.0.0.1:9876", "clusterRT", "-i", "0")).isEqualTo(2);
        assertThat(err()).contains("mqadmin clusterRT: -i must be at least 1 second");
        assertThat(run("127.0.0.1:9876", "clusterRT", "-s", "-1")).isEqualTo(2);
        assertThat(err()).contains("mqadmin clusterRT: option -s must be between 0 and 4194304, not -1");
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void updateTopicPermRefusesAPermissionOtherThanTwoFourOrSix() {
        assertThat(run("127.0.0.1:9876", "updateTopicPerm", "-t", "T", "-c", "C", "-p", "7")).isEqualTo(2);
        assertThat(err()).contains("mqadmin updateTopicPerm: permission must be W, R or WR (2, 4 or 6), not '7'");
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void startMonitoringIsRefusedLoudlyWithoutConnecting() {
        assertThat(run("127.0.0.1:9876", "startMonitoring")).isEqualTo(1);
        assertThat(err()).startsWith("mqadmin startMonitoring: not supported by Petrel's mqadmin.").contains("consumerProgress");
        assertThat(out()).isEmpty();
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void exportMetadataOfABrokerNeedsTopicsOrGroupsChosen() {
        assertThat(run("127.0.0.1:9876", "exportMetadata", "-b", "127.0.0.1:10911")).isEqualTo(2);
        assertThat(err()).contains("mqadmin exportMetadata: with -b give -t (topics) or -g (subscription groups)");
        assertThat(run("127.0.0.1:9876", "exportMetadata", "-c", "C", "-t", "-g")).isEqualTo(2);
        assertThat(err()).contains("mqadmin exportMetadata: give -t or -g, not both");
        assertThat(sessionsOpened).hasValue(0);
    }
}
