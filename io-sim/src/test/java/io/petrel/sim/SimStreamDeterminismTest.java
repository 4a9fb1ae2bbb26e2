package io.petrel.sim;

import static io.petrel.env.contract.StreamRecorder.assertPatternStream;
import static io.petrel.env.contract.StreamRecorder.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.RandomSource;
import io.petrel.env.contract.StreamRecorder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Byte streams are as replayable as everything else: one seed cuts and joins the same way and
 * leaves the same trace; another seed cuts differently. And streams draw from random streams of
 * their own, so frames are timed exactly as they would be without any stream around, which is
 * what keeps the trace of every scenario without streams unchanged.
 */
class SimStreamDeterminismTest {

    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";
    private static final String C = "10.0.0.3";
    private static final String D = "10.0.0.4";

    /** What one run of the echo workload looked like. */
    private record Run(List<Integer> serverReads, List<Integer> clientReads, String traceHash) {
    }

    private static SimNode idle(Simulator sim, String name, String host) {
        SimNode node = sim.addNode(name, host, env -> new SimSeamHarness.IdleNode());
        node.start();
        return node;
    }

    /** A client streams varied sends to an echoing server through a clog and a pause. */
    private static Run echoRun(long seed) {
        try (Simulator sim = new Simulator(seed)) {
            SimNode server = idle(sim, "server", A);
            SimNode client = idle(sim, "client", B);
            sim.runFor(1);
            List<StreamRecorder> accepted = new ArrayList<>();
            server.env().network().listenStream(new Address(A, 10912), c -> {
                StreamRecorder r = new StreamRecorder();
                r.echo = true;
                accepted.add(r);
                return r;
            });
            StreamRecorder r = new StreamRecorder();
            client.env().network().connectStream(new Address(A, 10912), 3_000,
                    SimStreamFaultTest.handler(r, new AtomicReference<>()));
            sim.runUntil(() -> r.connection.get() != null, 1_000);
            RandomSource workload = sim.stream("test", "workload");
            long offset = 0;
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 5; i++) {
                    int size = 1 + workload.nextInt(round % 2 == 0 ? 16 : 40_000);
                    r.connection.get().send(ByteBuffer.wrap(pattern(offset, size)));
                    offset += size;
                }
                if (round == 10) {
                    sim.network().partition(List.of(A), List.of(B), LinkMode.CLOG);
                } else if (round == 20) {
                    sim.network().healAll();
                    server.pause();
                } else if (round == 25) {
                    server.resume();
                }
                sim.runFor(2);
            }
            sim.runFor(1_000);
            assertPatternStream("echoed stream of seed " + seed, r.bytes(), offset);
            return new Run(List.copyOf(accepted.get(0).readSizes), List.copyOf(r.readSizes), sim.trace().hex());
        }
    }

    @Test
    void sameSeedSameCutsSameTraceOtherSeedOtherCuts() {
        Run first = echoRun(99);
        Run second = echoRun(99);
        assertThat(second).isEqualTo(first);
        Run other = echoRun(100);
        assertThat(other.serverReads()).isNotEqualTo(first.serverReads());
        assertThat(other.traceHash()).isNotEqualTo(first.traceHash());
    }

    /** Arrival times of frames between C and D, with or without a busy stream between A and B. */
    private static List<Long> frameArrivals(long seed, boolean streamsToo) {
        try (Simulator sim = new Simulator(seed)) {
            SimNode frameServer = idle(sim, "frame-server", C);
            SimNode frameClient = idle(sim, "frame-client", D);
            SimNode streamServer = idle(sim, "stream-server", A);
            SimNode streamClient = idle(sim, "stream-client", B);
            sim.runFor(1);
            List<Long> arrivals = new ArrayList<>();
            frameServer.env().network().listen(new Address(C, 10911), c -> new TimingFrames(sim, arrivals));
            AtomicReference<Connection> framed = new AtomicReference<>();
            StreamRecorder stream = new StreamRecorder();
            if (streamsToo) {
                streamServer.env().network().listenStream(new Address(A, 10912), c -> new StreamRecorder());
                streamClient.env().network().connectStream(new Address(A, 10912), 3_000,
                        SimStreamFaultTest.handler(stream, new AtomicReference<>()));
            }
            frameClient.env().network().connect(new Address(C, 10911), 3_000, new ConnectHandler() {
                @Override
                public ConnectionHandler onConnected(Connection c) {
                    framed.set(c);
                    return new TimingFrames(sim, new ArrayList<>());
                }

                @Override
                public void onConnectFailed(Address remote, String reason) {
                }
            });
            sim.runFor(50);
            for (int i = 0; i < 200; i++) {
                framed.get().send(ByteBuffer.allocate(64).putInt(0, i));
                if (streamsToo) {
                    stream.connection.get().send(ByteBuffer.wrap(pattern(i * 50_000L, 50_000)));
                }
                sim.runFor(1);
            }
            sim.runFor(100);
            assertThat(arrivals).hasSize(200);
            return arrivals;
        }
    }

    @Test
    void framesAreTimedExactlyAsWithoutStreams() {
        for (long seed : new long[] {1, 2, 3}) {
            assertThat(frameArrivals(seed, true)).as("frame arrival times of seed %d", seed)
                    .isEqualTo(frameArrivals(seed, false));
        }
    }

    /** Records the virtual time at which each frame arrives. */
    private record TimingFrames(Simulator sim, List<Long> arrivals) implements ConnectionHandler {
        @Override
        public void onFrame(Connection connection, ByteBuffer frame) {
            arrivals.add(sim.nowNanos());
        }

        @Override
        public void onClose(Connection connection, CloseCause cause) {
        }
    }
}
