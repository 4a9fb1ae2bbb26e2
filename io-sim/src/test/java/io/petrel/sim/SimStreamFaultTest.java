package io.petrel.sim;

import static io.petrel.env.contract.StreamRecorder.assertPatternStream;
import static io.petrel.env.contract.StreamRecorder.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.StreamConnectHandler;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import io.petrel.env.contract.StreamRecorder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated byte stream's fault model, one fault at a time: the frames' model, plus chunking and the window. */
class SimStreamFaultTest {

    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";
    private static final int PORT = 10912;
    private static final int WINDOW = 256 * 1024;

    private Simulator sim;
    private SimNode serverNode;
    private SimNode clientNode;
    private final List<StreamRecorder> accepted = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sim = new Simulator(4321, SimOptions.defaults().streamWindowBytes(WINDOW));
        serverNode = sim.addNode("server", A, env -> new SimSeamHarness.IdleNode());
        clientNode = sim.addNode("client", B, env -> new SimSeamHarness.IdleNode());
        serverNode.start();
        clientNode.start();
        sim.runFor(1);
        listen();
    }

    private void listen() {
        serverNode.env().network().listenStream(new Address(A, PORT), c -> {
            StreamRecorder r = new StreamRecorder();
            r.connection.set(c);
            accepted.add(r);
            return r;
        });
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private StreamRecorder connect() {
        StreamRecorder r = new StreamRecorder();
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connectStream(new Address(A, PORT), 3_000, handler(r, failure));
        sim.runUntil(() -> r.connection.get() != null || failure.get() != null, 5_000);
        assertThat(failure.get()).isNull();
        sim.runFor(1);
        return r;
    }

    static StreamConnectHandler handler(StreamRecorder r, AtomicReference<String> failure) {
        return new StreamConnectHandler() {
            @Override
            public StreamHandler onConnected(StreamConnection c) {
                r.connection.set(c);
                return r;
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                failure.set(reason);
            }
        };
    }

    /** Sends {@code length} bytes of the pattern stream starting at {@code offset}; returns the new offset. */
    private static long send(StreamRecorder side, long offset, int length) {
        assertThat(side.connection.get().send(ByteBuffer.wrap(pattern(offset, length)))).isTrue();
        return offset + length;
    }

    private StreamRecorder server() {
        return accepted.get(accepted.size() - 1);
    }

    private static List<CloseCause.Kind> kinds(StreamRecorder r) {
        return r.closes.stream().map(CloseCause::kind).toList();
    }

    /**
     * A read's buffer is the handler's only during {@code onBytes} (production reuses it): the
     * simulator overwrites it afterwards, so a handler that kept it instead of copying reads garbage.
     */
    @Test
    void aBufferKeptPastOnBytesIsOverwritten() {
        List<ByteBuffer> kept = new ArrayList<>();
        StreamRecorder copying = new StreamRecorder() {
            @Override
            public void onBytes(StreamConnection c, ByteBuffer bytes) {
                kept.add(bytes);
                super.onBytes(c, bytes.duplicate());
            }
        };
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connectStream(new Address(A, PORT), 3_000, handler(copying, failure));
        sim.runUntil(() -> copying.connection.get() != null, 5_000);
        sim.runFor(1);
        long end = send(server(), 0, 50_000);
        sim.runUntil(() -> copying.byteCount() == end, 5_000);

        assertPatternStream("what the handler copied during onBytes", copying.bytes(), end);
        assertThat(kept).isNotEmpty().allSatisfy(b -> {
            for (int i = 0; i < b.limit(); i++) {
                assertThat(b.get(i)).isEqualTo(SimStreamConnection.POISON);
            }
        });
    }

    @Test
    void sendsAreCutAndJoinedAtRandomButTheStreamIsIntact() {
        StreamRecorder client = connect();
        long offset = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 4; i++) {
                offset = send(client, offset, 100);
            }
            sim.runFor(1);
        }
        sim.runFor(100);
        assertPatternStream("what the server read", server().bytes(), offset);
        long readEnd = 0;
        boolean split = false;
        boolean joined = false;
        for (int size : server().readSizes) {
            long readStart = readEnd;
            readEnd += size;
            split |= readEnd % 100 != 0;
            joined |= readStart / 100 != (readEnd - 1) / 100;
        }
        assertThat(split).as("some read ended inside a send").isTrue();
        assertThat(joined).as("some read spanned two sends").isTrue();
    }

    @Test
    void blackholeLosesBytesAndTheStreamIsResetWhenItHeals() {
        StreamRecorder client = connect();
        long offset = send(client, 0, 1000);
        sim.runFor(100);
        sim.network().partition(List.of(A), List.of(B), LinkMode.BLACKHOLE);
        send(client, offset, 5000);
        sim.runFor(10_000);
        assertPatternStream("what the server read", server().bytes(), 1000);
        assertThat(sim.network().streamBytesLost()).isPositive();
        assertThat(client.closes).isEmpty();
        sim.network().healAll();
        client.connection.get().send(ByteBuffer.wrap(pattern(6000, 10)));
        sim.runFor(100);
        assertThat(server().byteCount()).as("nothing after lost bytes").isEqualTo(1000);
        assertThat(kinds(client)).containsExactly(CloseCause.Kind.RESET);
        assertThat(kinds(server())).containsExactly(CloseCause.Kind.RESET);
    }

    @Test
    void aBlackholedStreamIsResetWhenTcpGivesUp() {
        StreamRecorder client = connect();
        sim.network().partition(List.of(A), List.of(B), LinkMode.BLACKHOLE);
        send(client, 0, 10);
        sim.runFor(sim.options().tcpGiveUpMs - 1_000);
        assertThat(client.closes).isEmpty();
        sim.runFor(2_000);
        assertThat(kinds(client)).containsExactly(CloseCause.Kind.RESET);
    }

    @Test
    void clogHoldsBytesAndTheWriterBacklogThenDeliversEverythingInOrderOnHeal() {
        StreamRecorder client = connect();
        sim.network().partition(List.of(A), List.of(B), LinkMode.CLOG);
        long total = send(client, 0, 1 << 20);
        sim.runFor(30_000);
        assertThat(server().byteCount()).isZero();
        assertThat(client.connection.get().pendingBytes()).as("what the window could not take")
                .isEqualTo((1 << 20) - WINDOW);
        assertThat(client.writables.get()).isZero();
        sim.network().healAll();
        sim.runFor(100);
        assertPatternStream("what the server read", server().bytes(), total);
        assertThat(client.connection.get().pendingBytes()).isZero();
        assertThat(client.writables.get()).isEqualTo(1);
        assertThat(client.pendingAtLastWritable.get()).isZero();
        assertThat(client.closes).isEmpty();
    }

    @Test
    void aCloseDuringAClogReachesThePeerAfterEveryByteWhenItHeals() {
        StreamRecorder client = connect();
        sim.network().partition(List.of(A), List.of(B), LinkMode.CLOG);
        long total = send(client, 0, 600_000);
        client.connection.get().close();
        sim.runFor(1_000);
        assertThat(kinds(client)).containsExactly(CloseCause.Kind.LOCAL_CLOSE);
        assertThat(server().closes).isEmpty();
        sim.network().healAll();
        sim.runFor(100);
        assertPatternStream("what the server read", server().bytes(), total);
        assertThat(kinds(server())).containsExactly(CloseCause.Kind.PEER_CLOSED);
        assertThat(server().eventAfterClose).isFalse();
        assertThat(sim.network().liveConnectionSides()).isZero();
    }

    @Test
    void resetPartitionClosesStreamsAtOnceAndRefusesNewOnes() {
        StreamRecorder client = connect();
        sim.network().partition(List.of(A), List.of(B), LinkMode.RESET);
        sim.runFor(50);
        assertThat(kinds(client)).containsExactly(CloseCause.Kind.RESET);
        assertThat(kinds(server())).containsExactly(CloseCause.Kind.RESET);
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connectStream(new Address(A, PORT), 3_000, handler(new StreamRecorder(), failure));
        sim.runFor(100);
        assertThat(failure.get()).contains("refused");
    }

    @Test
    void resetConnectionsResetsStreamsToo() {
        StreamRecorder first = connect();
        StreamRecorder second = connect();
        sim.network().resetConnections(A, B);
        sim.runFor(50);
        assertThat(kinds(first)).containsExactly(CloseCause.Kind.RESET);
        assertThat(kinds(second)).containsExactly(CloseCause.Kind.RESET);
        assertThat(accepted).allSatisfy(s -> assertThat(kinds(s)).containsExactly(CloseCause.Kind.RESET));
    }

    @Test
    void connectAcrossABlackholeTimesOut() {
        sim.network().partition(List.of(A), List.of(B), LinkMode.BLACKHOLE);
        StreamRecorder side = new StreamRecorder();
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connectStream(new Address(A, PORT), 3_000, handler(side, failure));
        sim.runFor(2_900);
        assertThat(failure.get()).isNull();
        sim.runFor(200);
        assertThat(failure.get()).contains("timed out");
        assertThat(side.connection.get()).isNull();
    }

    @Test
    void peersSeeAProcessCrashAsAResetAfterOneLatencyAndTheCrashedSideHearsNothing() {
        StreamRecorder client = connect();
        send(server(), 0, 3 * WINDOW);
        long crashedAt = sim.nowNanos();
        serverNode.crash(CrashKind.PROCESS);
        sim.runUntil(() -> !client.closes.isEmpty(), 1_000);
        assertThat(kinds(client)).containsExactly(CloseCause.Kind.RESET);
        assertThat(sim.nowNanos() - crashedAt).isLessThanOrEqualTo(20_000_000L);
        assertThat(client.byteCount()).as("only what was in flight, never the crashed backlog")
                .isLessThanOrEqualTo(WINDOW);
        assertPatternStream("what the client read", client.bytes(), client.byteCount());
        sim.runFor(1_000);
        assertThat(server().closes).isEmpty();
    }

    @Test
    void aPowerLossIsNoticedOnlyWhenTheMachineComesBack() {
        StreamRecorder client = connect();
        serverNode.crash(CrashKind.POWER_LOSS);
        send(client, 0, 10);
        sim.runFor(60_000);
        assertThat(client.closes).as("no RST from a dead machine").isEmpty();
        serverNode.restart();
        sim.runFor(50);
        assertThat(kinds(client)).containsExactly(CloseCause.Kind.RESET);
    }

    @Test
    void aPausedReaderFillsTheWindowAndTheWriterWaitsForOnWritable() {
        StreamRecorder client = connect();
        serverNode.pause();
        long total = send(client, 0, 1 << 20);
        sim.runFor(1_000);
        assertThat(client.connection.get().pendingBytes()).isEqualTo((1 << 20) - WINDOW);
        serverNode.resume();
        sim.runFor(100);
        assertPatternStream("what the server read", server().bytes(), total);
        assertThat(client.writables.get()).isEqualTo(1);
    }

    @Test
    void aGracefulStopSendsTheBacklogThenAnOrderlyClose() {
        StreamRecorder client = connect();
        long total = send(server(), 0, 2 << 20);
        serverNode.shutdown();
        sim.runFor(1_000);
        assertPatternStream("what the client read", client.bytes(), total);
        assertThat(kinds(client)).containsExactly(CloseCause.Kind.PEER_CLOSED);
        assertThat(server().closes).as("a stopped node hears nothing").isEmpty();
    }

    @Test
    void aStreamConnectToAFramedPortIsRefusedSayingWhyAndViceVersa() {
        serverNode.env().network().listen(new Address(A, PORT + 1), c -> null);
        AtomicReference<String> failure = new AtomicReference<>();
        clientNode.env().network().connectStream(new Address(A, PORT + 1), 3_000,
                handler(new StreamRecorder(), failure));
        sim.runFor(100);
        assertThat(failure.get()).contains("refused").contains("framed");

        AtomicReference<String> framedFailure = new AtomicReference<>();
        clientNode.env().network().connect(new Address(A, PORT), 3_000, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection c) {
                throw new AssertionError("a framed connect reached a stream port");
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                framedFailure.set(reason);
            }
        });
        sim.runFor(100);
        assertThat(framedFailure.get()).contains("refused").contains("byte stream");
        assertThat(accepted).isEmpty();
    }
}
