package io.petrel.chaos;

import io.petrel.broker.BrokerConfig;
import io.petrel.common.message.HostAddress;
import io.petrel.config.ConfigContext;
import io.petrel.env.Node;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.net.NettyTransport;
import io.petrel.scenarios.fuzz.CommitLogLayout;
import io.petrel.scenarios.fuzz.FinalScan;
import io.petrel.scenarios.history.History;
import io.petrel.store.ConsumeQueueProblem;
import io.petrel.store.MessageStore;
import io.petrel.store.StoreContext;
import io.petrel.store.StoreStartResult;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The final store scan of a chaos run, once every node has stopped: each broker's store is opened
 * with Petrel's own store code in this JVM (a node of the real runtime per store, recovering it as
 * a restart would) and checked as the simulator's {@code FinalScan} checks it: every consume-queue
 * entry against the record it points at, the layout of every full commit-log file, the bodies the
 * read path serves, and each slave's commit log byte for byte against its master's over the range
 * both hold. What it finds goes into the history as store, served-body and replica problems, which
 * the checker reports.
 */
final class RealStoreScan {

    private static final long STEP_TIMEOUT_MS = 120_000;

    /** One opened store, as a node of the real runtime. */
    private static final class StoreNode implements Node {
        private final MessageStore store;
        private volatile StoreStartResult started;

        StoreNode(MessageStore store) {
            this.store = store;
        }

        @Override
        public void start() {
            store.start(r -> started = r);
        }

        @Override
        public void shutdown(Runnable done) {
            store.shutdown(done);
        }
    }

    private RealStoreScan() {
    }

    /** {@code brokers}: each broker's configuration file by node name; {@code masterOf}: each slave's master's node name. */
    static void run(Map<String, Path> brokers, Map<String, String> masterOf, History history, Path scratch) {
        try (RealRuntime runtime = new RealRuntime(new NettyTransport(1), STEP_TIMEOUT_MS)) {
            Map<String, Opened> opened = new LinkedHashMap<>();
            for (Map.Entry<String, Path> e : brokers.entrySet()) {
                String name = e.getKey();
                Opened o = open(runtime, name, e.getValue(), scratch);
                if (o == null) {
                    history.storeProblem(name + ": its store could not be opened after the run");
                    continue;
                }
                opened.put(name, o);
                String failure = o.onLoop(() -> o.node.started.ok() ? null : o.node.started.problem());
                if (failure != null) {
                    history.storeProblem(name + ": its store did not start after the run: " + failure);
                    opened.remove(name);
                    continue;
                }
                o.onLoop(() -> {
                    for (ConsumeQueueProblem p : o.node.store.verifyConsumeQueues()) {
                        history.storeProblem(name + ": " + p);
                    }
                    CommitLogLayout.problems(o.node.store).forEach(p -> history.layoutProblem(name + ": " + p));
                    FinalScan.servedBodies(name, o.node.store, history);
                    return null;
                });
            }
            masterOf.forEach((slave, master) -> {
                Opened s = opened.get(slave);
                Opened m = opened.get(master);
                if (s == null || m == null) {
                    return;
                }
                long differs = firstDifference(m, s);
                if (differs >= 0) {
                    history.replicaProblem(slave + ": replica differs from " + master + "'s commit log in the 64 KiB from"
                            + " offset " + differs);
                }
            });
        }
    }

    /**
     * As {@link FinalScan#firstDifference}, each store read on its own node's loop (a real disk
     * serves only its loop) and the copies compared there.
     */
    private static long firstDifference(Opened master, Opened slave) {
        long from = Math.max(master.onLoop(master.node.store::getMinPhyOffset), slave.onLoop(slave.node.store::getMinPhyOffset));
        long to = Math.min(master.onLoop(master.node.store::getMaxPhyOffset), slave.onLoop(slave.node.store::getMaxPhyOffset));
        return FinalScan.firstDifference(from, to,
                at -> master.onLoop(() -> copy(master.node.store.replication().readTail(at, 64 * 1024))),
                at -> slave.onLoop(() -> copy(slave.node.store.replication().readTail(at, 64 * 1024))));
    }

    private static ByteBuffer copy(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    private record Opened(RealNode real, StoreNode node) {
        <T> T onLoop(Supplier<T> action) {
            return real.onLoop(action, STEP_TIMEOUT_MS);
        }
    }

    private static Opened open(RealRuntime runtime, String name, Path configFile, Path scratch) {
        Map<String, String> properties = properties(configFile);
        BrokerConfig settings = BrokerConfig.from(BrokerConfig.REGISTRY.bind(properties,
                ConfigContext.of(scratch.toString(), "127.0.0.1"), false));
        // Opened as a master's store even for a slave: a slave's recovery cuts its log at the first
        // damage (its master holds the good copy), which would hide the damage from this scan; a
        // master's reports damage and keeps what follows.
        StoreContext context = new StoreContext(settings.clusterName(), HostAddress.parse(settings.brokerAddr()),
                ZoneId.systemDefault(), Runtime.getRuntime().maxMemory(), false);
        Path root = Path.of(settings.store().storePathRootDir());
        AtomicReference<StoreNode> made = new AtomicReference<>();
        RealNode real = runtime.start(new RealNodeSpec("scan-" + name, root, 1), env -> {
            made.set(new StoreNode(MessageStore.create(env, settings.store(), context)));
            return made.get();
        });
        long deadline = System.nanoTime() + STEP_TIMEOUT_MS * 1_000_000;
        while (!real.onLoop(() -> made.get().started != null, STEP_TIMEOUT_MS)) {
            if (System.nanoTime() > deadline || !real.isRunning()) {
                return null;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return new Opened(real, made.get());
    }

    private static Map<String, String> properties(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
        return values;
    }
}
