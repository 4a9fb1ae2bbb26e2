package io.petrel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated network's fault model, one fault at a time. */
class SimNetworkFaultTest {

    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";

    private Simulator sim;
    private SimNode serverNode;
    private SimNode clientNode;
    private final List<Side> accepted = new ArrayList<>();

    /** What one side of a connection saw. */
    static final class Side implements ConnectionHandler {
        final List<Integer> frames = new ArrayList<>();
        final List<CloseCause> closes = new ArrayList<>();
        Connection connection;

        @Override
        public void onFrame(Connection c, ByteBuffer frame) {
            frames.add(frame.getInt(0));
        }

        @Override
        public void onClose(Connection c, CloseCause cause) {
            closes.add(cause);
        }
    }

    @BeforeEach
    void setUp() {
        sim = new Simulator(1234);
        serverNode = sim.addNode("server", A, env -> new SimSeamHarness.IdleNode());
        clientNode = sim.addNode("client", B, env -> new SimSeamHarness.IdleNode());
        serverNode.start();
        clientNode.start();
        sim.runFor(1);
        listen();
    }

    private void listen() {
        serverNode.env().network().listen(new Address(A, 9876), c -> {
            Side s = new Side();
            s.connection = c;
            accepted.add(s);
            return s;
        });
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private Side connect() {
        Side side = new Side();
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connect(new Address(A, 9876), 3_000, handler(side, failure));
        sim.runUntil(() -> side.connection != null || failure.get() != null, 5_000);
        assertThat(failure.get()).isNull();
        return side;
    }

    private static ConnectHandler handler(Side side, AtomicReference<String> failure) {
        return new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection c) {
                side.connection = c;
                return side;
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                failure.set(reason);
            }
        };
    }

    private static void send(Side side, int value) {
        side.connection.send(ByteBuffer.allocate(4).putInt(0, value));
    }

    private Side lastAccepted() {
        return accepted.get(accepted.size() - 1);
    }

    @Test
    void blackholeLosesFramesAndTheConnectionIsResetWhenItHeals() {
        Side client = connect();
        send(client, 1);
        sim.runFor(100);
        sim.network().partition(List.of(A), List.of(B), LinkMode.BLACKHOLE);
        send(client, 2);
        send(client, 3);
        sim.runFor(10_000);
        assertThat(lastAccepted().frames).containsExactly(1);
        assertThat(client.closes).isEmpty();
        sim.network().healAll();
        send(client, 4);
        sim.runFor(100);
        assertThat(lastAccepted().frames).as("nothing after a lost frame").containsExactly(1);
        assertThat(client.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
        assertThat(lastAccepted().closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
    }

    @Test
    void aBlackholedConnectionIsResetWhenTcpGivesUp() {
        Side client = connect();
        sim.network().partition(List.of(A), List.of(B), LinkMode.BLACKHOLE);
        send(client, 1);
        sim.runFor(sim.options().tcpGiveUpMs - 1_000);
        assertThat(client.closes).isEmpty();
        sim.runFor(2_000);
        assertThat(client.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
    }

    @Test
    void clogDelaysFramesAndDeliversThemAllInOrderOnHeal() {
        Side client = connect();
        sim.network().partition(List.of(A), List.of(B), LinkMode.CLOG);
        for (int i = 0; i < 20; i++) {
            send(client, i);
        }
        sim.runFor(30_000);
        assertThat(lastAccepted().frames).isEmpty();
        sim.network().healAll();
        sim.runFor(100);
        assertThat(lastAccepted().frames).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        assertThat(client.closes).isEmpty();
    }

    @Test
    void resetPartitionClosesConnectionsAtOnceAndRefusesNewOnes() {
        Side client = connect();
        sim.network().partition(List.of(A), List.of(B), LinkMode.RESET);
        sim.runFor(50);
        assertThat(client.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
        Side second = new Side();
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connect(new Address(A, 9876), 3_000, handler(second, failure));
        sim.runFor(100);
        assertThat(failure.get()).contains("refused");
    }

    @Test
    void aOneWayBlackholeStillCarriesTheOtherDirection() {
        Side client = connect();
        sim.runFor(10);
        sim.network().partitionOneWay(List.of(B), List.of(A), LinkMode.BLACKHOLE);
        send(client, 1);
        send(lastAccepted(), 2);
        sim.runFor(100);
        assertThat(lastAccepted().frames).isEmpty();
        assertThat(client.frames).containsExactly(2);
    }

    @Test
    void connectAcrossABlackholeTimesOut() {
        sim.network().partition(List.of(A), List.of(B), LinkMode.BLACKHOLE);
        Side side = new Side();
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connect(new Address(A, 9876), 3_000, handler(side, failure));
        sim.runFor(2_900);
        assertThat(failure.get()).isNull();
        sim.runFor(200);
        assertThat(failure.get()).contains("timed out");
        assertThat(side.connection).isNull();
    }

    @Test
    void peersSeeAProcessCrashAsAResetAndReconnectAfterRestart() {
        Side client = connect();
        serverNode.crash(CrashKind.PROCESS);
        sim.runFor(50);
        assertThat(client.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
        Side refused = new Side();
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connect(new Address(A, 9876), 3_000, handler(refused, failure));
        sim.runFor(50);
        assertThat(failure.get()).contains("refused");
        serverNode.restart();
        sim.runFor(1);
        listen();
        Side again = connect();
        send(again, 7);
        sim.runFor(50);
        assertThat(lastAccepted().frames).containsExactly(7);
    }

    @Test
    void aPowerLossIsNoticedOnlyWhenTheMachineComesBack() {
        Side client = connect();
        serverNode.crash(CrashKind.POWER_LOSS);
        send(client, 1);
        sim.runFor(60_000);
        assertThat(client.closes).as("no RST from a dead machine").isEmpty();
        serverNode.restart();
        sim.runFor(50);
        assertThat(client.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
    }

    @Test
    void aPausedNodeHearsNothingUntilItResumesThenEverythingInOrder() {
        Side client = connect();
        serverNode.pause();
        for (int i = 0; i < 5; i++) {
            send(client, i);
        }
        Env env = serverNode.env();
        boolean[] timerRan = new boolean[1];
        sim.schedule(0, () -> { });
        sim.runFor(1_000);
        assertThat(lastAccepted().frames).isEmpty();
        serverNode.resume();
        env.scheduler().execute(() -> timerRan[0] = true);
        sim.runFor(10);
        assertThat(lastAccepted().frames).containsExactly(0, 1, 2, 3, 4);
        assertThat(timerRan[0]).isTrue();
    }

    @Test
    void resetConnectionsBreaksEveryConnectionBetweenTwoHosts() {
        Side first = connect();
        Side second = connect();
        sim.network().resetConnections(A, B);
        sim.runFor(50);
        assertThat(first.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
        assertThat(second.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
        assertThat(accepted).allSatisfy(s -> assertThat(s.closes).hasSize(1));
    }
}
