package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.petrel.admin.AdminException;
import io.petrel.client.ClientConfig;
import io.petrel.client.Message;
import io.petrel.client.ProducerConfig;
import io.petrel.client.SendResult;
import io.petrel.client.SendStatus;
import io.petrel.cluster.NodeProcess.State;
import io.petrel.common.BrokerData;
import io.petrel.common.MessageQueue;
import io.petrel.common.TopicConfig;
import io.petrel.env.Address;
import io.petrel.real.admin.BlockingAdmin;
import io.petrel.real.client.BlockingProducer;
import io.petrel.real.client.PetrelClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on real processes: one NameServer and {@code conf/2m-noslave}'s broker-a started by
 * {@code bin/mqnamesrv} and {@code bin/mqbroker} from copies of the shipped files. The broker stops
 * gracefully (it unregisters and removes its abort file); killed with SIGKILL and restarted, it
 * serves every message it had acknowledged from the same store; paused with SIGSTOP it answers
 * nothing (a request times out) until SIGCONT, and a paused node is stopped by the cluster's close
 * too. A cluster whose broker cannot start stops the NameServer it had started, and a JVM driving a
 * cluster that is interrupted (SIGINT, as Ctrl-C sends) stops its nodes through the shutdown hook.
 */
@Tag("process")
class ProcessClusterTest {

    private static final String TOPIC = "LauncherTopic";
    private static final int QUEUES = 4;
    private static final int MESSAGES = 40;

    @TempDir
    Path dir;

    private ProcessCluster cluster;
    private BlockingAdmin admin;

    @AfterEach
    void stopEverything() {
        try {
            if (admin != null) {
                admin.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private NodeProcess startBrokerA() {
        cluster = ProcessCluster.start(TestRuns.settings(dir.resolve("run")), Topology.confSet(TestRuns.home(), "2m-noslave")
                .only("broker-a").withBrokerProperties(Map.of("mapedFileSizeCommitLog", String.valueOf(64 << 20))));
        admin = BlockingAdmin.start(List.of(Address.parse(cluster.namesrvAddr())), 1_000, 10_000, dir.resolve("admin"));
        NodeProcess broker = cluster.node("broker-a");
        await("broker-a registered").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> broker.address().equals(registeredMaster()));
        return broker;
    }

    /** The address the NameServer has for broker-a's master, or null. */
    private String registeredMaster() {
        BrokerData data = admin.call(a -> a.namesrv().clusterInfo()).brokerAddrTable().get("broker-a");
        return data == null ? null : data.masterAddress();
    }

    private Map<String, String> runtime(NodeProcess broker) {
        return admin.call(a -> a.broker().runtimeInfo(broker.address()));
    }

    @Test
    void startsANameServerAndABrokerFromCopiesOfTheShippedFilesAndStopsThemGracefully() throws Exception {
        NodeProcess broker = startBrokerA();
        NodeProcess namesrv = cluster.node("namesrv-1");
        assertThat(cluster.nodes()).extracting(NodeProcess::name).containsExactly("namesrv-1", "broker-a");
        assertThat(cluster.nodes()).extracting(NodeProcess::state).containsOnly(State.RUNNING);
        List<String> lines = Files.readAllLines(broker.configFile(), StandardCharsets.ISO_8859_1);
        assertThat(lines).as("the shipped file's comments and lines, the run's ports and paths")
                .contains("brokerClusterName=rocketmq-cluster", "brokerRole=ASYNC_MASTER", "namesrvAddr=" + cluster.namesrvAddr(),
                        "listenPort=" + port(broker), "haListenPort=" + (port(broker) + 1), "storePathRootDir=" + broker.storeDir())
                .anyMatch(line -> line.startsWith("#"));
        assertThat(broker.logFile()).isNotEmptyFile();
        Path pidFile = dir.resolve("run/run/mqbroker-broker-a-" + port(broker) + ".pid");
        assertThat(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()).isEqualTo(String.valueOf(broker.pid()));
        assertThat(broker.storeDir().resolve("abort")).as("a running broker's abort file").exists();

        broker.stop();
        assertThat(broker.state()).isEqualTo(State.STOPPED);
        assertThat(OsProcesses.alive(broker.pid())).isFalse();
        assertThat(broker.storeDir().resolve("abort")).as("a graceful stop removes the abort file").doesNotExist();
        assertThat(pidFile).as("and the pid file").doesNotExist();
        assertThat(registeredMaster()).as("the broker unregistered").isNull();

        long namesrvPid = namesrv.pid();
        cluster.close();
        assertThat(namesrv.state()).isEqualTo(State.STOPPED);
        assertThat(OsProcesses.alive(namesrvPid)).isFalse();
    }

    @Test
    void aBrokerKilledWithSigkillRestartsOnItsStoreAndServesEveryAcknowledgedMessage() {
        NodeProcess broker = startBrokerA();
        admin.call(a -> a.broker().createTopic(broker.address(), TopicConfig.of(TOPIC, QUEUES, QUEUES, 6)));
        Map<MessageQueue, Long> ends = new TreeMap<>();
        try (PetrelClient client = PetrelClient.start(ClientConfig.of(cluster.namesrvAddr(), "127.0.0.1", "launcher"),
                dir.resolve("client"))) {
            BlockingProducer producer = client.producer(ProducerConfig.of("LauncherProducers"));
            await("the topic's route").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> producer.fetchPublishMessageQueues(TOPIC).size() == QUEUES);
            for (int i = 0; i < MESSAGES; i++) {
                SendResult r = producer.send(new Message(TOPIC, "T", "k" + i, ("body " + i).getBytes(StandardCharsets.UTF_8)));
                assertThat(r.sendStatus()).isEqualTo(SendStatus.SEND_OK);
                ends.merge(r.messageQueue(), r.queueOffset() + 1, Math::max);
            }
        }
        String commitLogEnd = runtime(broker).get("commitLogMaxOffset");
        long killedPid = broker.pid();

        broker.kill();
        assertThat(broker.state()).isEqualTo(State.STOPPED);
        assertThat(OsProcesses.alive(killedPid)).isFalse();
        assertThat(broker.storeDir().resolve("abort")).as("a crash leaves the abort file").exists();
        broker.restart();

        assertThat(broker.state()).isEqualTo(State.RUNNING);
        assertThat(broker.pid()).isNotEqualTo(killedPid);
        assertThat(broker.consoleFile().getFileName().toString()).isEqualTo("broker-a-2.out");
        assertThat(runtime(broker).get("commitLogMaxOffset")).as("the recovered commit log's end").isEqualTo(commitLogEnd);
        for (Map.Entry<MessageQueue, Long> e : ends.entrySet()) {
            long max = admin.call(a -> a.broker().maxOffset(broker.address(), e.getKey()));
            assertThat(max).as("%s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void aPausedBrokerAnswersNothingUntilResumedAndClosingTheClusterStopsItPaused() {
        NodeProcess broker = startBrokerA();
        assertThat(runtime(broker)).containsKey("commitLogMaxOffset");

        broker.pause();
        assertThat(broker.state()).isEqualTo(State.PAUSED);
        assertThat(OsProcesses.state(broker.pid())).contains('T');
        AdminException timedOut = catchThrowableOfType(AdminException.class, () -> runtime(broker));
        assertThat(timedOut.kind()).as(timedOut.getMessage()).isEqualTo(AdminException.Kind.TIMEOUT);

        broker.resume();
        assertThat(broker.state()).isEqualTo(State.RUNNING);
        assertThat(runtime(broker)).containsKey("commitLogMaxOffset");

        broker.pause();
        long pid = broker.pid();
        cluster.close();
        assertThat(broker.state()).isEqualTo(State.STOPPED);
        assertThat(OsProcesses.alive(pid)).isFalse();
        assertThat(broker.storeDir().resolve("abort")).as("resumed to act on SIGTERM, it stopped gracefully").doesNotExist();
    }

    @Test
    void aClusterWhoseBrokerCannotStartStopsTheNameServerItStartedAndSaysWhy() throws Exception {
        RunSettings settings = TestRuns.settings(dir.resolve("run"));
        Topology topology = Topology.confSet(TestRuns.home(), "2m-noslave").only("broker-a")
                .withBrokerProperties(Map.of("brokerRole", "LEADER"));

        IllegalStateException failed = catchThrowableOfType(IllegalStateException.class,
                () -> ProcessCluster.start(settings, topology));

        assertThat(failed).hasMessageContaining("Petrel broker broker-a").hasMessageContaining("before it served")
                .hasMessageContaining("brokerRole");
        Path pidDir = dir.resolve("run/run");
        try (Stream<Path> files = Files.list(pidDir)) {
            assertThat(files).as("the NameServer stopped gracefully, removing its pid file").isEmpty();
        }
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains("-Dpetrel.pidDir=" + pidDir))).as("processes of the run").isEmpty();
    }

    /**
     * What a future {@code bin/chaos} is to the launcher: a JVM that starts a cluster (one
     * NameServer in the run directory {@code args[0]}), says so, and runs until a signal ends it.
     */
    static final class Driver {

        private Driver() {
        }

        public static void main(String[] args) throws InterruptedException {
            ProcessCluster cluster = ProcessCluster.start(TestRuns.settings(Path.of(args[0])), Topology.of(1, List.of()));
            System.out.println("namesrv pid " + cluster.node("namesrv-1").pid());
            System.out.flush();
            // Until SIGINT or SIGTERM: the cluster's shutdown hook is what stops the NameServer.
            Thread.currentThread().join();
        }
    }

    /** Whether this process ignores SIGINT (inherited by the driver it starts): bit 2 of SigIgn. */
    private static boolean sigintIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    @Test
    void interruptingTheJvmThatDrivesAClusterStopsItsNodesThroughTheShutdownHook() throws Exception {
        Path out = dir.resolve("driver.out");
        Process driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", TestRuns.classpath(), Driver.class.getName(), dir.resolve("run").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long namesrvPid = 0;
        try {
            await("the driver's NameServer serves").atMost(Duration.ofSeconds(120))
                    .until(() -> Files.readString(out, StandardCharsets.UTF_8).contains("namesrv pid ") || !driver.isAlive());
            String said = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(said).as("the driver's output").contains("namesrv pid ");
            namesrvPid = Long.parseLong(said.substring(said.indexOf("namesrv pid ") + 12).strip().split("\\s")[0]);
            assertThat(OsProcesses.alive(namesrvPid)).isTrue();

            // A JVM started with SIGINT ignored (a build run in the background of a non-interactive
            // shell) leaves it ignored and never sees Ctrl-C; then SIGTERM stands in for it.
            String signal = sigintIgnoredHere() ? "TERM" : "INT";
            OsProcesses.signal(driver.pid(), signal);

            assertThat(driver.waitFor(90, TimeUnit.SECONDS)).as("the driver ends on SIG%s", signal).isTrue();
            assertThat(OsProcesses.alive(namesrvPid)).as("its NameServer was stopped").isFalse();
            try (Stream<Path> files = Files.list(dir.resolve("run/run"))) {
                assertThat(files).as("gracefully: its pid file is removed").isEmpty();
            }
        } finally {
            driver.destroyForcibly();
            if (namesrvPid > 0 && OsProcesses.commandLine(namesrvPid).contains(dir.toString())) {
                ProcessHandle.of(namesrvPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static int port(NodeProcess node) {
        return Integer.parseInt(node.address().substring(node.address().lastIndexOf(':') + 1));
    }
}
