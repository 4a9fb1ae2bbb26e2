package io.petrel.real.mqadmin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.real.admin.BlockingAdmin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
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
    void queryMsgByIdRefusesAGroupWithoutAClientIdAUnitNameAndABadResendFlag() {
        assertThat(run("127.0.0.1:9876", "queryMsgById", "-i", "ID", "-d", "client")).isEqualTo(2);
        assertThat(err()).contains("mqadmin queryMsgById: -g and -d go together");
        assertThat(run("127.0.0.1:9876", "queryMsgById", "-i", "ID", "-s", "true", "-u", "unitA")).isEqualTo(2);
        assertThat(err()).contains("-u unitA: Petrel has no unit mode");
        assertThat(run("127.0.0.1:9876", "queryMsgById", "-i", "ID", "-s", "yes")).isEqualTo(2);
        assertThat(err()).contains("-s");
        assertThat(sessionsOpened).hasValue(0);
        assertThat(run(null, "help", "queryMsgById")).isZero();
        assertThat(out()).contains("-g, --consumerGroup", "-d, --clientId", "-s, --sendMessage", "-u, --unitName");
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

    /** The 56 commands RocketMQ 4.9.8's MQAdminStartup registers, in its order. */
    private static final List<String> ROCKETMQ_498_COMMANDS = List.of("updateTopic", "deleteTopic",
            "updateSubGroup", "deleteSubGroup", "updateBrokerConfig", "updateTopicPerm", "topicRoute", "topicStatus",
            "topicClusterList", "brokerStatus", "queryMsgById", "queryMsgByKey", "queryMsgByUniqueKey", "queryMsgByOffset",
            "queryMsgTraceById", "printMsg", "printMsgByQueue", "sendMsgStatus", "brokerConsumeStats", "producerConnection",
            "consumerConnection", "consumerProgress", "consumerStatus", "cloneGroupOffset", "producer", "clusterList",
            "topicList", "updateKvConfig", "deleteKvConfig", "wipeWritePerm", "addWritePerm", "resetOffsetByTime",
            "skipAccumulatedMessage", "updateOrderConf", "cleanExpiredCQ", "deleteExpiredCommitLog", "cleanUnusedTopic",
            "startMonitoring", "statsAll", "allocateMQ", "checkMsgSendRT", "clusterRT", "getNamesrvConfig",
            "updateNamesrvConfig", "getBrokerConfig", "getConsumerConfig", "queryCq", "sendMessage", "consumeMessage",
            "updateAclConfig", "deleteAclConfig", "clusterAclConfigVersion", "updateGlobalWhiteAddr", "exportMetadata",
            "exportConfigs", "exportMetrics");

    @Test
    void everyCommandOfRocketMq498IsListed() {
        assertThat(ROCKETMQ_498_COMMANDS).hasSize(56).doesNotHaveDuplicates();
        assertThat(run(null)).isZero();
        List<String> listed = out().lines().filter(l -> l.startsWith("   ")).map(l -> l.trim().split("\\s+")[0]).toList();
        assertThat(listed).containsAll(ROCKETMQ_498_COMMANDS);
        assertThat(listed).as("plus getConsumerStatus, which 4.9.8 ships without registering, and the alias deleteAccessConfig")
                .hasSize(58).contains("getConsumerStatus", "deleteAccessConfig");
    }

    @Test
    void theOperationsCommandsHaveRocketMqsOptionLetters() {
        assertThat(run(null, "help", "brokerConsumeStats")).isZero();
        assertThat(out()).contains("-b, --brokerAddr", "-t, --timeoutMillis", "-l, --level", "-o, --order");
        assertThat(run(null, "help", "cloneGroupOffset")).isZero();
        assertThat(out()).contains("-s, --srcGroup", "-d, --destGroup", "-t, --topic", "-o, --offline");
        assertThat(run(null, "help", "producer")).isZero();
        assertThat(out()).contains("-b, --broker=");
        assertThat(run(null, "help", "queryCq")).isZero();
        assertThat(out()).contains("-t, --topic", "-q, --queue", "-i, --index", "-c, --count", "-b, --broker", "-g, --consumer");
        for (String store : List.of("cleanExpiredCQ", "deleteExpiredCommitLog", "cleanUnusedTopic")) {
            assertThat(run(null, "help", store)).isZero();
            assertThat(out()).contains("Usage: mqadmin " + store, "-b, --brokerAddr", "-c, --cluster");
        }
        assertThat(run(null, "help", "updateNamesrvConfig")).isZero();
        assertThat(out()).contains("-k, --key", "-v, --value");
        assertThat(run(null, "help", "exportMetrics")).isZero();
        assertThat(out()).contains("-c, --clusterName", "-f, --filePath");
    }

    @Test
    void theOperationsCommandsRefuseBadValuesBeforeConnecting() {
        assertThat(run("127.0.0.1:9876", "brokerConsumeStats", "-b", "127.0.0.1:10911", "-o", "yes")).isEqualTo(2);
        assertThat(err()).contains("mqadmin brokerConsumeStats: option -o must be true or false, not 'yes'");
        assertThat(run("127.0.0.1:9876", "brokerConsumeStats", "-b", "127.0.0.1:10911", "-t", "0")).isEqualTo(2);
        assertThat(err()).contains("mqadmin brokerConsumeStats: -t must be at least 1 millisecond, not 0");
        assertThat(run("127.0.0.1:9876", "brokerConsumeStats", "-b", "127.0.0.1:10911", "-l", "lots")).isEqualTo(2);
        assertThat(err()).contains("Invalid value for option '--level': 'lots' is not a long");
        assertThat(run("127.0.0.1:9876", "cloneGroupOffset", "-s", "A", "-d", "B", "-t", "T", "-o", "maybe")).isEqualTo(2);
        assertThat(err()).contains("mqadmin cloneGroupOffset: option -o must be true or false, not 'maybe'");
        assertThat(run("127.0.0.1:9876", "cleanExpiredCQ", "-b", "127.0.0.1:10911", "-c", "DefaultCluster")).isEqualTo(2);
        assertThat(err()).contains("mqadmin cleanExpiredCQ: give -b or -c, not both");
        assertThat(run("127.0.0.1:9876", "queryCq", "-t", "T", "-q", "0", "-i", "0", "-c", "0")).isEqualTo(2);
        assertThat(err()).contains("mqadmin queryCq: -c must be at least 1, not 0");
        assertThat(run("127.0.0.1:9876", "updateNamesrvConfig", "-k", "a=b", "-v", "1")).isEqualTo(2);
        assertThat(err()).contains("mqadmin updateNamesrvConfig: invalid config key 'a=b'");
        assertThat(run("127.0.0.1:9876", "updateNamesrvConfig", "-k", "productEnvName", "-v", "a\nrocketmqHome=/x"))
                .isEqualTo(2);
        assertThat(err()).contains("mqadmin updateNamesrvConfig: the value of productEnvName must be one line");
        assertThat(run("127.0.0.1:9876", "exportMetrics")).isEqualTo(2);
        assertThat(err()).contains("mqadmin exportMetrics: Missing required option: '--clusterName=<clusterName>'");
        assertThat(sessionsOpened).hasValue(0);
    }
}
