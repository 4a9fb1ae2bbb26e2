package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.cluster.OsProcesses;
import io.petrel.cluster.TestRuns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/quickstart} as someone who has just cloned Petrel runs it: a {@code git clone} of this
 * working tree (its committed HEAD; uncommitted changes are not in the clone) into a temp
 * directory, where the first run must build Petrel (Maven offline, from the local repository, so
 * the test needs no network), start a NameServer and two brokers in the background, and show a
 * message sent and consumed; a second run must reuse that cluster; {@code bin/quickstart stop}
 * must stop all three. Then, in the same (built) clone, {@code bin/quickstart --conf 2m-2s-sync}
 * starts a NameServer, two SYNC_MASTERs and their slaves, and shows a message consumed from
 * broker-a's slave after its master was stopped; an unknown set is refused and a second set is not
 * started beside a running one; {@code bin/quickstart stop} stops what is left. (2m-2s-async takes
 * the same path with ASYNC_MASTERs; it is not run again here to keep the suite short.) Ports, pid,
 * log and store directories are private to the test.
 *
 * <p>The build in the clone dominates: about 40 s on an idle 2-core machine, more while other
 * tests run; the master/slave run adds about 25 s, 10 of them waiting for the slaves' first copy of
 * the topic. The timings are printed to the test's output.
 */
@Tag("process")
class QuickstartFreshCloneTest {

    @TempDir
    static Path dir;

    private static Scripts clone;

    @BeforeAll
    static void cloneTheWorkingTree() throws Exception {
        Path home = TestRuns.home();
        Path target = dir.resolve("petrel");
        Process git = new ProcessBuilder("git", "clone", "--quiet", "--no-hardlinks", home.toString(), target.toString())
                .redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor()).as("git clone: %s", output).isZero();
        clone = Scripts.forClone(dir.resolve("host"), target);
    }

    @AfterAll
    static void stopWhatIsLeft() throws IOException {
        if (clone != null) {
            clone.close();
        }
    }

    @Test
    void aFreshCloneBuildsThenStartsSendsAndConsumesReusesItsClusterAndStops() throws Exception {
        int port = freePortBase();
        Map<String, String> env = Map.of("PETREL_QUICKSTART_PORT", String.valueOf(port),
                "PETREL_QUICKSTART_DIR", dir.resolve("quickstart").toString(), "PETREL_MVN_OPTS", "-o");

        long start = System.nanoTime();
        Scripts.Run first = clone.run(env, "quickstart");
        Duration firstTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(first.exitCode()).as("quickstart exit code; stdout:%n%s%nstderr:%n%s", first.out(), first.err()).isZero();
        assertThat(first.err()).contains("petrel: building (never built");
        assertThat(first.out()).contains("Started mqnamesrv-" + port, "Started mqbroker-broker-a-" + (port + 10),
                "Started mqbroker-broker-b-" + (port + 20), "$ bin/mqadmin updateTopic", "Sent:     SEND_OK",
                "Consumed: \"Hello Petrel, sent at ", "$ bin/mqadmin clusterList", "Stop it with:  bin/quickstart stop");
        assertThat(Files.exists(clone.home().resolve("cluster-runner/target/lib/.petrel-built"))).isTrue();
        List<Long> pids = List.of(clone.pidInFile("mqnamesrv-" + port).orElseThrow(),
                clone.pidInFile("mqbroker-broker-a-" + (port + 10)).orElseThrow(),
                clone.pidInFile("mqbroker-broker-b-" + (port + 20)).orElseThrow());
        assertThat(pids).allMatch(clone::isOurServer);

        start = System.nanoTime();
        Scripts.Run second = clone.run(env, "quickstart");
        Duration secondTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(second.exitCode()).as("second run; stdout:%n%s%nstderr:%n%s", second.out(), second.err()).isZero();
        assertThat(second.err()).doesNotContain("building").contains("Reusing the running NameServer 127.0.0.1:" + port,
                "Reusing the running broker-a", "Reusing the running broker-b");
        assertThat(second.out()).contains("Consumed: \"Hello Petrel, sent at ").doesNotContain("Started ");
        assertThat(secondTook).as("a run on a built, running cluster").isLessThan(Duration.ofSeconds(60));

        Scripts.Run stop = clone.run(env, "quickstart", "stop");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("Send shutdown request to mqbroker(" + pids.get(1) + ") OK",
                "Send shutdown request to mqnamesrv(" + pids.get(0) + ") OK", "The mqnamesrv(" + pids.get(0) + ") has stopped.");
        assertThat(pids).noneMatch(OsProcesses::alive);
        try (var files = Files.list(clone.pidDir())) {
            assertThat(files.toList()).isEmpty();
        }
        System.out.printf("quickstart in a fresh clone: first run (with the build) %d s, second run %d s%n",
                firstTook.toSeconds(), secondTook.toSeconds());

        masterAndSlaveSet(env, port);
    }

    private void masterAndSlaveSet(Map<String, String> env, int port) throws Exception {
        Scripts.Run unknown = clone.run(env, "quickstart", "--conf", "3m-noslave");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown --conf '3m-noslave'", "2m-noslave, 2m-2s-sync, 2m-2s-async");

        long start = System.nanoTime();
        Scripts.Run run = clone.run(env, "quickstart", "--conf", "2m-2s-sync");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(run.exitCode()).as("quickstart --conf 2m-2s-sync; stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
        assertThat(run.err()).doesNotContain("building");
        assertThat(run.out()).contains("Started mqbroker-broker-a-" + (port + 30) + " (pid", "conf/broker-b-s.properties",
                "Sent:     SEND_OK to broker-a", "$ kill ", "has stopped; its slave goes on serving reads",
                "read from the slave 127.0.0.1:" + (port + 30) + " while the master is stopped",
                "Seconds from the quickstart's start to the first message consumed from the slave: ");
        assertThat(run.out().lines().filter(l -> l.startsWith("rocketmq-cluster")).map(l -> List.of(l.split("\\s+")).subList(1, 4))
                .toList()).as("clusterList after the failover").containsExactly(
                        List.of("broker-a", "1", "127.0.0.1:" + (port + 30)), List.of("broker-b", "0", "127.0.0.1:" + (port + 20)),
                        List.of("broker-b", "1", "127.0.0.1:" + (port + 40)));
        List<Long> pids = List.of(clone.pidInFile("mqnamesrv-" + port).orElseThrow(),
                clone.pidInFile("mqbroker-broker-b-" + (port + 20)).orElseThrow(),
                clone.pidInFile("mqbroker-broker-a-" + (port + 30)).orElseThrow(),
                clone.pidInFile("mqbroker-broker-b-" + (port + 40)).orElseThrow());
        assertThat(pids).allMatch(clone::isOurServer);
        assertThat(clone.pidInFile("mqbroker-broker-a-" + (port + 10))).as("the stopped master").isEmpty();

        Scripts.Run other = clone.run(env, "quickstart");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains("the 2m-2s-sync quickstart cluster runs", "bin/quickstart stop");

        Scripts.Run stop = clone.run(env, "quickstart", "stop");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("Send shutdown request to mqbroker(" + pids.get(2) + ") OK",
                "The mqnamesrv(" + pids.get(0) + ") has stopped.");
        assertThat(pids).noneMatch(OsProcesses::alive);
        try (var files = Files.list(clone.pidDir())) {
            assertThat(files.toList()).isEmpty();
        }
        String figure = run.out().lines().filter(l -> l.startsWith("Seconds from")).findFirst().orElseThrow();
        System.out.printf("quickstart --conf 2m-2s-sync: run %d s; %s%n", took.toSeconds(), figure);
    }

    /**
     * A NameServer port whose broker ports (+10 to +40, each with its -2 and +1) are free too.
     * The seed only spreads the search; whether a port is free is what decides.
     */
    private static int freePortBase() throws IOException {
        Random random = new Random(System.nanoTime());
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + random.nextInt(30_000);
            if (List.of(0, 8, 10, 11, 18, 20, 21, 28, 30, 31, 38, 40, 41).stream().allMatch(d -> free(base + d))) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of quickstart ports found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
