package io.petrel.bench;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import io.petrel.toy.ToyServer;
import io.petrel.toy.ToyWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Simulator speed: the bare event loop with 10,000 pending timers, the toy log with three nodes
 * under load, and an idle three-node cluster that only heartbeats. Each figure is the median of
 * several timed rounds after a warm-up round.
 */
final class SimBench {

    private static final int ROUNDS = 5;

    private final BenchOutput out;

    SimBench(BenchOutput out) {
        this.out = out;
    }

    void run() {
        out.note("simulator speed, median of " + ROUNDS + " rounds after warm-up, one thread");
        out.figure("sim.loop.events_per_second", median(this::bareLoopEventsPerSecond));
        double[][] toyRounds = new double[ROUNDS][];
        loadedToy();
        for (int i = 0; i < ROUNDS; i++) {
            toyRounds[i] = loadedToy();
        }
        out.figure("sim.toy.sim_seconds_per_wall_second", median(toyRounds, 0));
        out.figure("sim.toy.events_per_second", median(toyRounds, 1));
        out.figure("sim.idle.sim_seconds_per_wall_second", median(this::idleClusterSimSecondsPerWallSecond));
    }

    private static double median(DoubleSupplier round) {
        round.getAsDouble();
        double[] results = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            results[i] = round.getAsDouble();
        }
        Arrays.sort(results);
        return results[ROUNDS / 2];
    }

    private static double median(double[][] rounds, int column) {
        double[] values = Arrays.stream(rounds).mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    /** A node whose 10,000 timers each re-arm themselves with a random delay. */
    private double bareLoopEventsPerSecond() {
        long events = 5_000_000;
        try (Simulator sim = new Simulator(1)) {
            SimNode node = sim.addNode("loop", "10.0.0.1", env -> new TimerStorm(env, 10_000));
            node.start();
            sim.runFor(1);
            long before = sim.trace().events();
            long start = System.nanoTime();
            while (sim.trace().events() - before < events) {
                sim.step();
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Keeps {@code pending} timers alive at all times. */
    static final class TimerStorm implements Node {
        private final Env env;
        private final int pending;

        TimerStorm(Env env, int pending) {
            this.env = env;
            this.pending = pending;
        }

        @Override
        public void start() {
            for (int i = 0; i < pending; i++) {
                arm();
            }
        }

        private void arm() {
            env.scheduler().schedule(env.random().nextInt(1_000), this::arm);
        }

        @Override
        public void shutdown(Runnable done) {
            done.run();
        }
    }

    /**
     * The toy server and two writers appending as fast as their windows allow: simulated seconds
     * and events per wall second.
     */
    private double[] loadedToy() {
        long simulatedMs = 60_000;
        try (Simulator sim = new Simulator(2)) {
            Address server = new Address("10.0.0.1", ToyServer.DEFAULT_PORT);
            sim.addNode("server", "10.0.0.1", env -> new ToyServer(env, server, "/toy/log", 1L << 30)).start();
            for (int w = 1; w <= 2; w++) {
                long id = w;
                sim.addNode("writer-" + w, "10.0.0." + (w + 1),
                        env -> new ToyWriter(env, server, id, Long.MAX_VALUE, 16, 1, (a, b, c) -> { })).start();
            }
            long eventsBefore = sim.trace().events();
            long start = System.nanoTime();
            sim.runFor(simulatedMs);
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            return new double[] {(simulatedMs / 1e3) / wallSeconds, (sim.trace().events() - eventsBefore) / wallSeconds};
        }
    }

    /** Three nodes that each send a small heartbeat frame to the other two every second. */
    private double idleClusterSimSecondsPerWallSecond() {
        long simulatedMs = 3_600_000;
        try (Simulator sim = new Simulator(3)) {
            List<Address> all = List.of(new Address("10.0.0.1", 9000), new Address("10.0.0.2", 9000),
                    new Address("10.0.0.3", 9000));
            for (int i = 0; i < 3; i++) {
                Address self = all.get(i);
                sim.addNode("node-" + (i + 1), self.host(), env -> new Heartbeater(env, self, all)).start();
            }
            long start = System.nanoTime();
            sim.runFor(simulatedMs);
            return (simulatedMs / 1e3) / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Listens, connects to its peers, and sends each a 64-byte frame every second. */
    static final class Heartbeater implements Node {
        private final Env env;
        private final Address self;
        private final List<Address> peers;
        private final List<Connection> connections = new ArrayList<>();

        Heartbeater(Env env, Address self, List<Address> all) {
            this.env = env;
            this.self = self;
            this.peers = all.stream().filter(a -> !a.equals(self)).toList();
        }

        @Override
        public void start() {
            env.network().listen(self, c -> IGNORE);
            for (Address peer : peers) {
                env.network().connect(peer, 3_000, new ConnectHandler() {
                    @Override
                    public ConnectionHandler onConnected(Connection c) {
                        connections.add(c);
                        return IGNORE;
                    }

                    @Override
                    public void onConnectFailed(Address remote, String reason) {
                    }
                });
            }
            env.scheduler().schedule(1_000, this::beat);
        }

        private void beat() {
            for (Connection c : connections) {
                c.send(ByteBuffer.allocate(64));
            }
            env.scheduler().schedule(1_000, this::beat);
        }

        @Override
        public void shutdown(Runnable done) {
            done.run();
        }

        private static final ConnectionHandler IGNORE = new ConnectionHandler() {
            @Override
            public void onFrame(Connection c, ByteBuffer frame) {
            }

            @Override
            public void onClose(Connection c, CloseCause cause) {
            }
        };
    }

}
