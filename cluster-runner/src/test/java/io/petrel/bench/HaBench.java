package io.petrel.bench;

import io.petrel.cluster.NodeProcess;
import io.petrel.cluster.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * {@code bin/bench broker --part ha}: replication on real processes, with the official 4.9.8 client
 * as load. Two parts, in one run:
 *
 * <ol>
 *   <li>Producer TPS and latency of 1 KiB synchronous sends from 16 and 64 threads against an
 *       ASYNC_MASTER with its slave, then against a SYNC_MASTER with its slave (both ASYNC_FLUSH, as
 *       {@code conf/2m-2s-*} ship), and the SYNC/ASYNC ratio. Each pair is a fresh NameServer,
 *       master and slave; the runs start once the slave holds what the master holds.</li>
 *   <li>Catch-up, for Petrel and then for Apache RocketMQ 4.9.7 (each a NameServer, master and
 *       slave of its own kind; the same 1 GiB commit-log files, index sizes and heaps, 1 GiB unless
 *       set): a master with no slave is filled with a backlog (by default 1,000 MB of 4 KiB messages,
 *       inside the first commit-log file, so that an empty slave is fed all of it) and its log
 *       forced; then a slave with an empty store starts. The rate is the commit-log bytes it received
 *       per second, from its first nonzero offset until it had appended, dispatched (consume queues
 *       and index) and forced all of them, polled every 50 ms through GET_BROKER_RUNTIME_INFO
 *       ({@code commitLogMaxOffset}, {@code dispatchBehindBytes}, {@code remainHowManyDataToFlush});
 *       the rate to "appended" alone is printed beside it, and the CPU time slave and master used
 *       per MB over the same span (from /proc, so load elsewhere on the machine hardly moves it,
 *       unlike the rates). (At 10 ms the polls took about a tenth of the slave's loop.) Beside it,
 *       the raw figure of the same disk: {@link SequentialWriteBench}, the backlog's size written and
 *       forced as {@code dd conv=fdatasync} does, once before the slave starts and twice after, the
 *       median counting. Both figures therefore end when the bytes are durable.</li>
 *   <li>Then the same slave again, warm: it is paused (SIGSTOP), the master takes a second backlog
 *       (by default 4,000 MB, {@code -Dbench.haWarmBacklogMb}), and the slave resumes, as a slave
 *       cut off by a partition or a long pause does; its catch-up is measured the same way, beside
 *       raw runs of that size (one before the resume, two after). On this machine a raw write of
 *       1 GB ends at page-cache speed (1.4 to 1.6 GB/s: the dirty pages stay below the kernel's
 *       writeback thresholds until the final fdatasync), while 4 GB measures the storage below it
 *       (360 to 540 MB/s) ({@code -Dbench.haFreshOnly=true} skips this leg). Ratios: Petrel's rates to the raw figure
 *       of the same size (the target), and Petrel's rates and slave CPU to Apache's.</li>
 * </ol>
 *
 * <p>A slave forces its log whenever it appended and no force is running, so "forced" follows
 * "appended" closely. {@code -Dbench.haSlaveJvmOptions=...} and {@code -Dbench.haMasterJvmOptions=...}
 * replace the catch-up nodes' JVM options (to profile them: JFR), {@code -Dbench.haCatchupSides=petrel}
 * runs one side alone, {@code -Dbench.haPrintSlavePid=true} prints the slave's and the master's pids
 * (for perf), {@code -Dbench.haProgress=true} every poll.
 */
final class HaBench {

    private static final int BODY_BYTES = 1024;
    private static final long POLL_MS = 50;

    private HaBench() {
    }

    static void run(Path home, long seconds) throws Exception {
        long backlogMb = Long.parseLong(System.getProperty("bench.haBacklogMb", "1000"));
        long warmBacklogMb = Long.parseLong(System.getProperty("bench.haWarmBacklogMb", "4000"));
        int backlogBody = Integer.parseInt(System.getProperty("bench.haBacklogBodyBytes", "4096"));
        // Either half alone, for profiling one of them: bench.haRuns=tps or =catchup.
        String runs = System.getProperty("bench.haRuns", "tps,catchup");
        if (runs.contains("tps")) {
            masterRoles(home, seconds);
        }
        if (runs.contains("catchup")) {
            catchUps(home, backlogMb * 1_000_000L, warmBacklogMb * 1_000_000L, backlogBody);
        }
    }

    /**
     * One catch-up: over the whole backlog, and over its second half alone (on a fresh slave its JIT
     * compilers took about half of its CPU in its first seconds: perf, 600 MB backlog).
     */
    private record Leg(double mb, double seconds, double appendedMbPerSecond, double secondHalfMbPerSecond,
            double slaveCpuMsPerMb, double secondHalfSlaveCpuMsPerMb, double secondHalfMasterCpuMsPerMb,
            long endNanos) {

        double mbPerSecond() {
            return mb / seconds;
        }

        void print(BenchOutput out, String prefix) {
            out.figure(prefix + "backlog_mb", mb);
            out.figure(prefix + "seconds", seconds);
            out.figure(prefix + "appended_mb_per_second", appendedMbPerSecond);
            out.figure(prefix + "mb_per_second", mbPerSecond());
            out.figure(prefix + "slave_cpu_ms_per_mb", slaveCpuMsPerMb);
            out.figure(prefix + "second_half_mb_per_second", secondHalfMbPerSecond);
            out.figure(prefix + "second_half_slave_cpu_ms_per_mb", secondHalfSlaveCpuMsPerMb);
            out.figure(prefix + "second_half_master_cpu_ms_per_mb", secondHalfMasterCpuMsPerMb);
        }
    }

    /** One side's catch-ups: a fresh slave's, a warm one's (null when not run), and the raw disk figure of each size. */
    private record CatchUp(Leg fresh, Leg warm, double rawMbPerSecond, double warmRawMbPerSecond) {
    }

    /**
     * The catch-up of each side in {@code bench.haCatchupSides} (default {@code petrel,apache}: Petrel's
     * master and slave, then Apache RocketMQ 4.9.7's, each pair with a NameServer of its own kind, the
     * same files, heaps and backlog), and the ratios: Petrel's rate to its raw disk figure (the
     * target), and Petrel's rate and slave CPU to Apache's.
     */
    private static void catchUps(Path home, long backlogBytes, long warmBacklogBytes, int bodyBytes) throws Exception {
        Map<String, CatchUp> bySide = new LinkedHashMap<>();
        for (String side : System.getProperty("bench.haCatchupSides", "petrel,apache").split(",")) {
            if (!side.equals("petrel") && !side.equals("apache")) {
                throw new IllegalArgumentException("bench.haCatchupSides: '" + side + "' is neither petrel nor apache");
            }
            bySide.put(side, catchUp(home, side, backlogBytes, warmBacklogBytes, bodyBytes));
        }
        CatchUp petrel = bySide.get("petrel");
        CatchUp apache = bySide.get("apache");
        if (petrel != null) {
            BrokerBench.figure("broker.ha.raw_disk_mb_per_second", petrel.rawMbPerSecond());
            BrokerBench.figure("broker.ha.catchup_to_raw_ratio", petrel.fresh().mbPerSecond() / petrel.rawMbPerSecond());
            BrokerBench.figure("broker.ha.catchup_second_half_to_raw_ratio",
                    petrel.fresh().secondHalfMbPerSecond() / petrel.rawMbPerSecond());
            if (petrel.warm() != null) {
                BrokerBench.figure("broker.ha.warm_raw_disk_mb_per_second", petrel.warmRawMbPerSecond());
                BrokerBench.figure("broker.ha.catchup.warm_to_raw_ratio",
                        petrel.warm().mbPerSecond() / petrel.warmRawMbPerSecond());
            }
        }
        if (petrel != null && apache != null) {
            BrokerBench.figure("broker.ha.catchup.petrel_to_apache_ratio",
                    petrel.fresh().mbPerSecond() / apache.fresh().mbPerSecond());
            BrokerBench.figure("broker.ha.catchup.second_half_petrel_to_apache_ratio",
                    petrel.fresh().secondHalfMbPerSecond() / apache.fresh().secondHalfMbPerSecond());
            BrokerBench.figure("broker.ha.catchup.second_half_slave_cpu_petrel_to_apache_ratio",
                    petrel.fresh().secondHalfSlaveCpuMsPerMb() / apache.fresh().secondHalfSlaveCpuMsPerMb());
            if (petrel.warm() != null && apache.warm() != null) {
                BrokerBench.figure("broker.ha.catchup.warm_petrel_to_apache_ratio",
                        petrel.warm().mbPerSecond() / apache.warm().mbPerSecond());
                BrokerBench.figure("broker.ha.catchup.warm_slave_cpu_petrel_to_apache_ratio",
                        petrel.warm().slaveCpuMsPerMb() / apache.warm().slaveCpuMsPerMb());
            }
        }
    }

    /** ASYNC_MASTER, then SYNC_MASTER, each with its slave: TPS at 16 and 64 threads and the ratios. */
    private static void masterRoles(Path home, long seconds) throws Exception {
        System.out.println("# master and slave, official 4.9.8 client as load, 1 KiB bodies, " + seconds
                + " s per run after 5 s warm-up; NameServer, master, slave and load share this machine's "
                + Runtime.getRuntime().availableProcessors() + " cores; load average " + BrokerBench.loadAverage());
        double async64 = 0;
        double sync64 = 0;
        double async16 = 0;
        double sync16 = 0;
        for (String role : List.of("ASYNC_MASTER", "SYNC_MASTER")) {
            Path dir = Files.createTempDirectory("petrel-bench-" + role.toLowerCase(Locale.ROOT));
            try (ProcessCluster cluster = BenchBrokers.start(home, dir, "ASYNC_FLUSH", role);
                    Admin admin = new Admin(cluster.namesrvAddr())) {
                String master = BenchBrokers.masterAddr(cluster);
                String slave = BenchBrokers.startSlave(cluster, "ASYNC_FLUSH");
                DefaultMQProducer producer = BrokerBench.producer(cluster.namesrvAddr(), "ha" + role);
                try {
                    awaitReplicating(producer, admin, master, slave);
                    double t16 = produce(producer, role, 16, seconds);
                    double t64 = produce(producer, role, 64, seconds);
                    if (role.equals("ASYNC_MASTER")) {
                        async16 = t16;
                        async64 = t64;
                    } else {
                        sync16 = t16;
                        sync64 = t64;
                    }
                    BrokerBench.figure("broker.ha." + key(role) + ".slave_behind_bytes",
                            admin.commitLogMaxOffset(master) - admin.commitLogMaxOffset(slave));
                } finally {
                    producer.shutdown();
                }
            } finally {
                BrokerBench.delete(dir);
            }
        }
        BrokerBench.figure("broker.ha.threads16.sync_to_async_ratio", sync16 / async16);
        BrokerBench.figure("broker.ha.threads64.sync_to_async_ratio", sync64 / async64);
    }

    private static String key(String role) {
        return role.equals("ASYNC_MASTER") ? "async_master" : "sync_master";
    }

    private static double produce(DefaultMQProducer producer, String role, int threads, long seconds) throws Exception {
        return BrokerBench.namedClosedLoopSends("broker.ha." + key(role), threads, seconds,
                BrokerBench.officialSends(producer, "BenchTopic"));
    }

    /**
     * Sends a probe until it is answered SEND_OK and the slave holds the master's whole log: a
     * SYNC_MASTER answers SLAVE_NOT_AVAILABLE until its slave connected.
     */
    private static void awaitReplicating(DefaultMQProducer producer, Admin admin, String master, String slave)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            try {
                SendStatus status = producer.send(new Message("BenchTopic", "TagA", new byte[BODY_BYTES])).getSendStatus();
                long masterEnd = admin.commitLogMaxOffset(master);
                long slaveEnd = admin.commitLogMaxOffset(slave);
                if (status == SendStatus.SEND_OK && slaveEnd >= masterEnd) {
                    return;
                }
                last = "probe " + status + ", master end " + masterEnd + ", slave end " + slaveEnd;
            } catch (Exception e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the slave " + slave + " did not replicate within 120 s: " + last);
    }

    /**
     * Fills a master without a slave, waits until its log is forced, starts a slave with an empty
     * store, and measures its catch-up (fresh: a new JVM, whose JIT compilers share the cores with
     * it). Then pauses that slave (SIGSTOP), fills the master with a second backlog of the same size,
     * resumes the slave and measures again (warm: the slave's code is compiled, as for a slave that
     * was cut off by a network fault or paused by a long GC). Each rate is counted until the slave
     * had appended, dispatched and forced all of its backlog; raw sequential write runs of the same
     * size on the same disk come before and after the fresh catch-up, and the ratios are to their median.
     */
    private static CatchUp catchUp(Path home, String side, long backlogBytes, long warmBacklogBytes, int bodyBytes)
            throws Exception {
        Path dir = Files.createTempDirectory("petrel-bench-catchup-" + side);
        BenchOutput out = new BenchOutput(System.out);
        String name = "broker.ha.catchup." + side + ".";
        try (ProcessCluster cluster = BenchBrokers.startCatchUpMaster(home, dir, side, jvmOptions("bench.haMasterJvmOptions"));
                Admin admin = new Admin(cluster.namesrvAddr())) {
            String master = BenchBrokers.masterAddr(cluster);
            long masterEnd = fillAndForce(out, side, cluster, admin, master, 0, backlogBytes, bodyBytes);
            SequentialWriteBench raw = new SequentialWriteBench(dir);
            double[] raws = new double[3];
            raws[0] = raw.mbPerSecond(masterEnd);
            long bootStart = System.nanoTime();
            NodeProcess slaveNode = BenchBrokers.startCatchUpSlave(cluster, side, jvmOptions("bench.haSlaveJvmOptions"));
            long masterPid = cluster.node(BenchBrokers.MASTER).pid();
            if (Boolean.getBoolean("bench.haPrintSlavePid")) {
                out.note(side + " slave pid " + slaveNode.pid() + " master pid " + masterPid);
            }
            Leg fresh = measure(admin, slaveNode, masterPid, 1, masterEnd);
            out.figure(name + "seconds_from_slave_start", (fresh.endNanos() - bootStart) / 1e9);
            fresh.print(out, name);
            raws[1] = raw.mbPerSecond(masterEnd);
            raws[2] = raw.mbPerSecond(masterEnd);
            out.note(side + ": " + SequentialWriteBench.describe(masterEnd, raws) + " (one before the catch-up, two after)");
            double rawMedian = median(raws);
            Leg warm = null;
            double warmRawMedian = 0;
            if (!Boolean.getBoolean("bench.haFreshOnly")) {
                slaveNode.pause();
                long warmEnd;
                double[] warmRaws = new double[3];
                try {
                    warmEnd = fillAndForce(out, side + " second", cluster, admin, master, masterEnd, warmBacklogBytes,
                            bodyBytes);
                    warmRaws[0] = raw.mbPerSecond(warmEnd - masterEnd);
                } finally {
                    slaveNode.resume();
                }
                warm = measure(admin, slaveNode, masterPid, masterEnd + 1, warmEnd);
                warm.print(out, name + "warm.");
                warmRaws[1] = raw.mbPerSecond(warmEnd - masterEnd);
                warmRaws[2] = raw.mbPerSecond(warmEnd - masterEnd);
                out.note(side + " warm: " + SequentialWriteBench.describe(warmEnd - masterEnd, warmRaws)
                        + " (one before the catch-up, two after)");
                warmRawMedian = median(warmRaws);
            }
            return new CatchUp(fresh, warm, rawMedian, warmRawMedian);
        } finally {
            BrokerBench.delete(dir);
        }
    }

    /**
     * Fills the master, whose log ends at {@code before}, with about {@code backlogBytes} more and
     * waits until it is forced; its new end. (A fresh Apache broker fails GET_BROKER_RUNTIME_INFO
     * with a NoSuchElementException until its stats have a sample, so the caller says where it ends.)
     */
    private static long fillAndForce(BenchOutput out, String what, ProcessCluster cluster, Admin admin, String master,
            long before, long backlogBytes, int bodyBytes) throws Exception {
        long fillStart = System.nanoTime();
        fill(cluster.namesrvAddr(), backlogBytes, bodyBytes);
        long masterEnd = admin.commitLogMaxOffset(master);
        out.note(String.format(Locale.ROOT, "%s backlog: %d bytes of commit log written in %.1f s", what,
                masterEnd - before, (System.nanoTime() - fillStart) / 1e9));
        // The master's own writeback must not share the disk with the catch-up.
        awaitPosition(admin, master, masterEnd, "the master's backlog forced");
        return masterEnd;
    }

    /**
     * One catch-up of {@code slaveNode} to {@code masterEnd}: from the first poll that shows its log at
     * or past {@code from}, through the halfway point, to the poll that shows all of it appended,
     * dispatched and forced, with both processes' CPU time at those polls.
     */
    private static Leg measure(Admin admin, NodeProcess slaveNode, long masterPid, long from, long masterEnd)
            throws Exception {
        long slavePid = slaveNode.pid();
        String slave = slaveNode.address();
        Position first = awaitPosition(admin, slave, from, null);
        long[] cpuAtFirst = {cpuMs(slavePid), cpuMs(masterPid)};
        Position half = awaitPosition(admin, slave, first.offset() + (masterEnd - first.offset()) / 2, null);
        long[] cpuAtHalf = {cpuMs(slavePid), cpuMs(masterPid)};
        Position appended = awaitPosition(admin, slave, masterEnd, null);
        Position durable = appended.durable() ? appended : awaitPosition(admin, slave, masterEnd, "the slave's log forced");
        long[] cpuAtEnd = {cpuMs(slavePid), cpuMs(masterPid)};
        double mb = (masterEnd - first.offset()) / 1e6;
        double secondMb = (masterEnd - half.offset()) / 1e6;
        return new Leg(mb, (durable.nanos() - first.nanos()) / 1e9, mb / ((appended.nanos() - first.nanos()) / 1e9),
                secondMb / ((durable.nanos() - half.nanos()) / 1e9), (cpuAtEnd[0] - cpuAtFirst[0]) / mb,
                (cpuAtEnd[0] - cpuAtHalf[0]) / secondMb, (cpuAtEnd[1] - cpuAtHalf[1]) / secondMb, durable.nanos());
    }

    /**
     * The JVM options a system property names, split at spaces or commas (a shell passes commas through
     * unquoted {@code PETREL_BENCH_JAVA_OPTS}); {@code -Xms1g -Xmx1g} by default.
     */
    private static List<String> jvmOptions(String property) {
        String value = System.getProperty(property, "-Xms1g -Xmx1g").strip();
        return value.isEmpty() ? List.of() : List.of(value.split("[\\s,]+"));
    }

    /**
     * The CPU time (user and system, all threads) a process has used so far, in ms, from
     * /proc/PID/stat at 100 clock ticks a second (Linux's USER_HZ on x86); -1 where that is not there.
     * Unlike the rates, it hardly moves with what else the machine runs.
     */
    private static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of the line; here 12 and 13 after the name.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Where a broker's log was at one poll: its end, and whether it was forced and dispatched to there. */
    private record Position(long offset, boolean durable, long nanos) {
    }

    /**
     * Polls {@code broker} every {@link #POLL_MS} until its commit log ends at or past {@code offset},
     * and, when {@code forced} names what is awaited, until it is also dispatched and forced there
     * ({@code dispatchBehindBytes} 0, {@code remainHowManyDataToFlush} "0 B"). Ten minutes at most.
     */
    private static Position awaitPosition(Admin admin, String broker, long offset, String forced) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            Map<String, String> table;
            try {
                table = admin.runtimeInfo(broker);
            } catch (Exception e) {
                // A busy broker may miss a poll; the deadline bounds the retries.
                System.out.println("# poll of " + broker + " failed: " + e.getMessage().split("\n")[0]);
                Thread.sleep(POLL_MS);
                continue;
            }
            long nanos = System.nanoTime();
            long end = Long.parseLong(table.get("commitLogMaxOffset"));
            if (Boolean.getBoolean("bench.haProgress")) {
                System.out.println(String.format(Locale.ROOT, "# %s at %.3f s: end %d, to flush %s", broker,
                        nanos / 1e9, end, table.get("remainHowManyDataToFlush")));
            }
            boolean durable = "0 B".equals(table.get("remainHowManyDataToFlush"))
                    && "0".equals(table.get("dispatchBehindBytes"));
            if (end >= offset && (forced == null || durable)) {
                return new Position(end, durable, nanos);
            }
            last = "end " + end + ", to flush " + table.get("remainHowManyDataToFlush") + ", to dispatch "
                    + table.get("dispatchBehindBytes");
            Thread.sleep(POLL_MS);
        }
        throw new IllegalStateException(broker + " did not reach " + offset + (forced == null ? "" : " (" + forced + ")")
                + " within 10 min: " + last);
    }

    /** Asynchronous sends, 256 outstanding, until about {@code backlogBytes} of commit log are written. */
    private static void fill(String namesrvAddr, long backlogBytes, int bodyBytes) throws Exception {
        DefaultMQProducer producer = BrokerBench.producer(namesrvAddr, "backlog");
        // Bodies stay as they are: the official client compresses bodies of 4 KiB and more by default.
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        byte[] body = new byte[bodyBytes];
        new Random(16).nextBytes(body);
        // Synchronous sends first, until one creates the topic, so the asynchronous ones find its route
        // (the broker's auto-create topic reaches the NameServer with its next registration).
        for (int attempt = 1; ; attempt++) {
            try {
                producer.send(new Message("BacklogTopic", "TagA", body));
                break;
            } catch (MQClientException e) {
                if (attempt == 60) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
        // A stored record is the body plus about 150 bytes of header, topic and properties.
        long messages = backlogBytes / (bodyBytes + 150);
        int window = 256;
        Semaphore permits = new Semaphore(window);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (long i = 0; i < messages; i++) {
            permits.acquire();
            producer.send(new Message("BacklogTopic", "TagA", body), new SendCallback() {
                @Override
                public void onSuccess(SendResult r) {
                    permits.release();
                }

                @Override
                public void onException(Throwable e) {
                    failed.incrementAndGet();
                    failure.set(e);
                    permits.release();
                }
            });
        }
        permits.acquire(window);
        producer.shutdown();
        if (failed.get() > 0) {
            System.out.println("# backlog: " + failed.get() + " sends failed, the last: " + failure.get());
        }
    }

    /** The official admin client, for the brokers' runtime info. */
    private static final class Admin implements AutoCloseable {

        private final DefaultMQAdminExt admin;

        Admin(String namesrvAddr) throws Exception {
            admin = new DefaultMQAdminExt(10_000);
            admin.setNamesrvAddr(namesrvAddr);
            admin.setInstanceName("bench-admin-" + System.nanoTime());
            admin.start();
        }

        long commitLogMaxOffset(String brokerAddr) throws Exception {
            return Long.parseLong(runtimeInfo(brokerAddr).get("commitLogMaxOffset"));
        }

        /** GET_BROKER_RUNTIME_INFO's table; refused when it lacks a key the bench reads. */
        Map<String, String> runtimeInfo(String brokerAddr) throws Exception {
            Map<String, String> table = admin.fetchBrokerRuntimeStats(brokerAddr).getTable();
            for (String key : List.of("commitLogMaxOffset", "remainHowManyDataToFlush", "dispatchBehindBytes")) {
                if (table.get(key) == null) {
                    throw new IllegalStateException(brokerAddr + " reports no " + key);
                }
            }
            return table;
        }

        @Override
        public void close() {
            admin.shutdown();
        }
    }
}
