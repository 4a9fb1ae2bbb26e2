package io.petrel.bench;

import io.petrel.cluster.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
 *   <li>Catch-up: a master with no slave is filled with a backlog (by default 1,000 MB of 4 KiB
 *       messages, inside the first 1 GiB commit-log file, so that an empty slave is fed all of it);
 *       then a slave with an empty store starts, and the rate is the commit-log bytes it received
 *       per second, from its first nonzero offset to the master's end, polled every 50 ms through
 *       GET_BROKER_RUNTIME_INFO's {@code commitLogMaxOffset} (every 10 ms, the polls took about a
 *       tenth of the slave's loop: the measurement slowed what it measured). Beside it, the raw sequential write
 *       bandwidth of the same disk measured as {@code bin/bench store} does, and the ratio.</li>
 * </ol>
 *
 * <p>The slave counts bytes once they are in its commit log (its page cache), as RocketMQ's slave
 * reports them; its flush runs on its own schedule, as the master's does.
 */
final class HaBench {

    private static final int BODY_BYTES = 1024;
    private static final long POLL_MS = 50;

    private HaBench() {
    }

    static void run(Path home, long seconds) throws Exception {
        long backlogMb = Long.parseLong(System.getProperty("bench.haBacklogMb", "1000"));
        int backlogBody = Integer.parseInt(System.getProperty("bench.haBacklogBodyBytes", "4096"));
        // Either half alone, for profiling one of them: bench.haRuns=tps or =catchup.
        String runs = System.getProperty("bench.haRuns", "tps,catchup");
        if (runs.contains("tps")) {
            masterRoles(home, seconds);
        }
        if (runs.contains("catchup")) {
            double catchUp = catchUp(home, backlogMb * 1_000_000L, backlogBody);
            double raw = new StoreBench(new BenchOutput(System.out)).rawMedianMbPerSecond();
            BrokerBench.figure("broker.ha.raw_disk_mb_per_second", raw);
            BrokerBench.figure("broker.ha.catchup_to_raw_ratio", catchUp / raw);
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

    /** Fills a master without a slave, starts one, and returns the MB/s it received the backlog at. */
    private static double catchUp(Path home, long backlogBytes, int bodyBytes) throws Exception {
        Path dir = Files.createTempDirectory("petrel-bench-catchup");
        try (ProcessCluster cluster = BenchBrokers.start(home, dir, "ASYNC_FLUSH", "ASYNC_MASTER");
                Admin admin = new Admin(cluster.namesrvAddr())) {
            long fillStart = System.nanoTime();
            fill(cluster, backlogBytes, bodyBytes);
            long masterEnd = admin.commitLogMaxOffset(BenchBrokers.masterAddr(cluster));
            System.out.println(String.format(Locale.ROOT, "# backlog: %d bytes of commit log written in %.1f s",
                    masterEnd, (System.nanoTime() - fillStart) / 1e9));
            long bootStart = System.nanoTime();
            String slave = BenchBrokers.startSlave(cluster, "ASYNC_FLUSH");
            long firstNanos = 0;
            long firstOffset = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long end = 0;
            while (end < masterEnd) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the slave holds " + end + " of " + masterEnd + " bytes after 10 min");
                }
                try {
                    end = admin.commitLogMaxOffset(slave);
                } catch (Exception e) {
                    // A busy slave may miss a poll; the deadline bounds the retries.
                    System.out.println("# catch-up poll failed: " + e.getMessage().split("\n")[0]);
                    Thread.sleep(POLL_MS);
                    continue;
                }
                if (firstNanos == 0 && end > 0) {
                    firstNanos = System.nanoTime();
                    firstOffset = end;
                }
                if (end < masterEnd) {
                    Thread.sleep(POLL_MS);
                }
            }
            long doneNanos = System.nanoTime();
            double seconds = (doneNanos - firstNanos) / 1e9;
            double rate = (masterEnd - firstOffset) / 1e6 / seconds;
            BrokerBench.figure("broker.ha.catchup.backlog_mb", masterEnd / 1e6);
            BrokerBench.figure("broker.ha.catchup.seconds", seconds);
            BrokerBench.figure("broker.ha.catchup.seconds_from_slave_start", (doneNanos - bootStart) / 1e9);
            BrokerBench.figure("broker.ha.catchup.mb_per_second", rate);
            return rate;
        } finally {
            BrokerBench.delete(dir);
        }
    }

    /** Asynchronous sends, 256 outstanding, until about {@code backlogBytes} of commit log are written. */
    private static void fill(ProcessCluster cluster, long backlogBytes, int bodyBytes) throws Exception {
        DefaultMQProducer producer = BrokerBench.producer(cluster.namesrvAddr(), "backlog");
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
            String value = admin.fetchBrokerRuntimeStats(brokerAddr).getTable().get("commitLogMaxOffset");
            if (value == null) {
                throw new IllegalStateException(brokerAddr + " reports no commitLogMaxOffset");
            }
            return Long.parseLong(value);
        }

        @Override
        public void close() {
            admin.shutdown();
        }
    }
}
