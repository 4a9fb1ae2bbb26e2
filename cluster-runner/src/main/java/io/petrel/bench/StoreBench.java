package io.petrel.bench;

import io.petrel.config.ConfigContext;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The message store on io-real (mmap files, forces on the node's flush thread), in a temporary
 * directory: append throughput for 128 B and 1 KiB bodies under ASYNC_FLUSH and under SYNC_FLUSH
 * with 1, 16 and 64 appenders outstanding, and the raw sequential write bandwidth of the same disk
 * ({@link SequentialWriteBench}: 1 GiB in 1 MiB writes, then fdatasync, as {@code dd conv=fdatasync}).
 *
 * <p>Throughput counts the time until the data is durable: ASYNC_FLUSH runs include the final flush
 * of a clean shutdown, as the raw figure includes its force. Messages per force is SYNC_FLUSH puts
 * acknowledged per commit-log force.
 */
final class StoreBench {

    private static final long ASYNC_SECONDS = 4;
    private static final long SYNC_SECONDS = 3;
    private static final long RAW_BYTES = 1L << 30;

    private final BenchOutput out;
    private final Path base;

    StoreBench(BenchOutput out) {
        this.out = out;
        String dir = System.getenv().getOrDefault("PETREL_BENCH_DIR", System.getProperty("java.io.tmpdir"));
        this.base = Path.of(dir).toAbsolutePath();
    }

    void run() throws Exception {
        out.note("message store on io-real in " + base + "; durable throughput (final flush included); load average "
                + String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        double raw = rawMedianMbPerSecond();
        out.figure("store.raw.mb_per_second", raw);
        for (int size : new int[] {128, 1024}) {
            String label = size == 128 ? "128" : "1k";
            StoreBenchNode.Load async = run("ASYNC_FLUSH", size, 64, ASYNC_SECONDS);
            double mb = async.bytes() / 1e6 / async.appendSeconds();
            out.figure("store.async." + label + ".msgs_per_second", async.messages() / async.appendSeconds());
            out.figure("store.async." + label + ".mb_per_second", mb);
            out.figure("store.async." + label + ".ratio_to_raw", mb / raw);
            for (int appenders : new int[] {1, 16, 64}) {
                StoreBenchNode.Load sync = run("SYNC_FLUSH", size, appenders, SYNC_SECONDS);
                String prefix = "store.sync." + appenders + "." + label;
                double perForce = sync.forces() == 0 ? 0 : (double) sync.syncAcks() / sync.forces();
                out.figure(prefix + ".msgs_per_second", sync.messages() / sync.appendSeconds());
                out.figure(prefix + ".msgs_per_force", perForce);
                if (appenders == 64 && size == 1024) {
                    out.figure("store.sync.64.msgs_per_force", perForce);
                }
                if (sync.errors() > 0) {
                    out.figure(prefix + ".errors", sync.errors());
                }
            }
        }
    }

    /** One store, one load, then a clean shutdown whose final flush counts towards the time. */
    private StoreBenchNode.Load run(String flushDiskType, int bodyBytes, int appenders, long seconds) throws Exception {
        Path dir = Files.createTempDirectory(base, "petrel-store-bench");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("storePathRootDir", dir.toString());
        p.put("flushDiskType", flushDiskType);
        StoreConfig config = StoreConfig.of(p, ConfigContext.of(dir.toString(), "127.0.0.1"));
        StoreBenchNode[] node = new StoreBenchNode[1];
        try (RealRuntime runtime = RealRuntime.create()) {
            RealNode real = runtime.start(RealNodeSpec.withOsSeed("store-bench", dir), env -> {
                node[0] = new StoreBenchNode(env, config, bodyBytes);
                return node[0];
            });
            if (!node[0].ready().await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("store did not start");
            }
            real.onLoop(() -> node[0].load(appenders, TimeUnit.MILLISECONDS.toNanos(300)), 10_000).get(60, TimeUnit.SECONDS);
            StoreBenchNode.Load load = real.onLoop(() -> node[0].load(appenders, TimeUnit.SECONDS.toNanos(seconds)), 10_000)
                    .get(120, TimeUnit.SECONDS);
            long before = System.nanoTime();
            if (!real.shutdown(120_000)) {
                throw new IllegalStateException("store did not shut down");
            }
            double flushSeconds = (System.nanoTime() - before) / 1e9;
            return new StoreBenchNode.Load(load.messages(), load.bytes(), load.errors(), load.forces(), load.syncAcks(),
                    load.appendSeconds() + flushSeconds);
        } finally {
            delete(dir);
        }
    }

    /**
     * The raw sequential write bandwidth of the disk under {@code base}, the median of three
     * {@link SequentialWriteBench} runs of 1 GiB (each noted): what {@code dd conv=fdatasync} measures.
     */
    double rawMedianMbPerSecond() throws Exception {
        return new SequentialWriteBench(base).median(RAW_BYTES, 3, out);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
