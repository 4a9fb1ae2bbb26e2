package io.petrel.bench;

import io.petrel.env.Address;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.toy.ToyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The toy log on the real runtime: appends acknowledged per second over loopback Netty, each
 * acknowledged only after an mmap force covering it (one force per batch of appends that arrived
 * while the previous force ran), with 1 and 64 appends outstanding.
 */
final class ToyRealBench {

    private static final long WARMUP_MS = 3_000;
    private static final long MEASURE_MS = 10_000;

    private final BenchOutput out;

    ToyRealBench(BenchOutput out) {
        this.out = out;
    }

    void run() throws Exception {
        Path dir = Files.createTempDirectory("petrel-toy-bench");
        out.note("toy append round trips on io-real, 128-byte payloads, store in " + dir);
        try {
            for (int window : new int[] {1, 64}) {
                measure(dir.resolve("w" + window), window);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void measure(Path dir, int window) throws Exception {
        Address address = new Address("127.0.0.1", freePort());
        AtomicReference<ToyServer> server = new AtomicReference<>();
        AtomicReference<ToyLoadClient> client = new AtomicReference<>();
        try (RealRuntime runtime = RealRuntime.create()) {
            RealNode serverNode = runtime.start(RealNodeSpec.withOsSeed("toy-server", dir), env -> {
                server.set(new ToyServer(env, address, dir.resolve("log").toString(), 1L << 30));
                return server.get();
            });
            runtime.start(RealNodeSpec.withOsSeed("toy-load", dir), env -> {
                client.set(new ToyLoadClient(env, address, window, 128));
                return client.get();
            });
            Thread.sleep(WARMUP_MS);
            long acked0 = client.get().acked.get();
            long forces0 = serverNode.onLoop(() -> server.get().forces(), 5_000);
            long start = System.nanoTime();
            Thread.sleep(MEASURE_MS);
            long acked = client.get().acked.get() - acked0;
            long forces = serverNode.onLoop(() -> server.get().forces(), 5_000) - forces0;
            double seconds = (System.nanoTime() - start) / 1e9;
            out.figure("toy.real.window" + window + ".appends_per_second", acked / seconds);
            out.figure("toy.real.window" + window + ".appends_per_force", forces == 0 ? 0 : (double) acked / forces);
            out.figure("toy.real.window" + window + ".errors", client.get().errors.get());
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
