package io.petrel.bench;

import io.petrel.cluster.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.common.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.common.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.apache.rocketmq.common.protocol.header.namesrv.UnRegisterBrokerRequestHeader;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * What {@code bin/bench queues} measures on its largest row, after the load, on either broker:
 * heap in use after a full GC (jcmd), the broker's memory maps and open files, the registration
 * body of its topic table as RocketMQ 4.9's broker encodes it (plain and compressed), the
 * NameServer's CPU per compressed registration (replayed by a stand-in broker, then unregistered),
 * and the start time after a graceful stop and after {@code kill -9}, each followed by a send to
 * the first and the last topic that must be acknowledged (a broker that does not start again is
 * reported as {@code failed_to_start_after_<stop|kill>} and ends the probes). Start times include the JVM's own start
 * and are measured until the broker's boot line and until the NameServer routes those topics again
 * (Apache's broker registers before it prints its boot line, Petrel's after).
 */
final class QueueScaleProbes {

    private static final int REPLAYS = 20;
    private static final long ROUTE_TIMEOUT_NANOS = 120_000_000_000L;
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private QueueScaleProbes() {
    }

    static void measure(ComparedBroker broker, List<String> topics, String name, Map<String, Double> figures)
            throws Exception {
        NodeProcess node = broker.brokerNode();
        try {
            figures.put(name + ".heap_used_mb", heapUsedKb(node.pid()) / 1024.0);
        } catch (IllegalStateException e) {
            // jcmd may not attach to a JVM this busy machine leaves without CPU for 10 s; the other probes still count.
            System.out.println("# no heap figure for " + broker + ": " + e.getMessage().split("\n")[0]);
        }
        figures.put(name + ".broker_maps", (double) countLines(Path.of("/proc", Long.toString(node.pid()), "maps")));
        figures.put(name + ".broker_fds", (double) countEntries(Path.of("/proc", Long.toString(node.pid()), "fd")));
        TopicConfigSerializeWrapper table = broker.admin().getAllTopicConfig(broker.brokerAddr(), 30_000);
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(table);
        figures.put(name + ".register_body_bytes", (double) body.encode(false).length);
        byte[] compressed = body.encode(true);
        figures.put(name + ".register_body_compressed_bytes", (double) compressed.length);
        figures.put(name + ".namesrv_cpu_us_per_register", namesrvCpuUsPerRegister(broker, compressed));
        for (boolean kill : new boolean[] {false, true}) {
            String after = kill ? "kill" : "stop";
            try {
                double[] seconds = restart(broker, topics, kill);
                figures.put(name + ".start_after_" + after + "_s", seconds[0]);
                figures.put(name + ".routed_after_" + after + "_s", seconds[1]);
            } catch (IllegalStateException e) {
                // A broker that cannot start again is this row's finding, not the end of the run.
                figures.put(name + ".failed_to_start_after_" + after, 1.0);
                System.out.println("# " + broker + " did not start again after " + (kill ? "kill -9" : "a graceful stop")
                        + ": " + e.getMessage().split("\n")[0]);
                return;
            }
        }
    }

    /** Heap in use after a full collection, in KiB, from jcmd's GC.heap_info. */
    private static long heapUsedKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info gave no heap line:\n" + info);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + out);
        }
        return out;
    }

    private static long countLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static long countEntries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    /**
     * A stand-in broker registers the table once (the NameServer learns every topic), then
     * {@link #REPLAYS} times more with the same data version, as the periodic registration does;
     * returns the NameServer's CPU time over those, per registration.
     */
    private static double namesrvCpuUsPerRegister(ComparedBroker broker, byte[] body) throws Exception {
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        String namesrv = broker.namesrvAddr();
        long pid = broker.namesrvNode().pid();
        try {
            register(client, namesrv, body);
            long before = cpuNanos(pid);
            for (int i = 0; i < REPLAYS; i++) {
                register(client, namesrv, body);
            }
            return (cpuNanos(pid) - before) / 1000.0 / REPLAYS;
        } finally {
            UnRegisterBrokerRequestHeader h = new UnRegisterBrokerRequestHeader();
            h.setBrokerName("replay");
            h.setBrokerAddr("127.0.0.1:1");
            h.setClusterName("ReplayCluster");
            h.setBrokerId(0L);
            client.invokeSync(namesrv, RemotingCommand.createRequestCommand(RequestCode.UNREGISTER_BROKER, h), 30_000);
            client.shutdown();
        }
    }

    private static void register(NettyRemotingClient client, String namesrv, byte[] body) throws Exception {
        RegisterBrokerRequestHeader h = new RegisterBrokerRequestHeader();
        h.setBrokerName("replay");
        h.setBrokerAddr("127.0.0.1:1");
        h.setClusterName("ReplayCluster");
        h.setHaServerAddr("127.0.0.1:2");
        h.setBrokerId(0L);
        h.setCompressed(true);
        h.setBodyCrc32(UtilAll.crc32(body));
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, h);
        request.setBody(body);
        RemotingCommand response = client.invokeSync(namesrv, request, 30_000);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("the NameServer " + namesrv + " refused a compressed registration: "
                    + response.getCode() + " " + response.getRemark());
        }
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("no CPU time for pid " + pid)).toNanos();
    }

    /**
     * Stops (or kills) the broker and starts it again; returns the seconds until its boot line and
     * until the NameServer routes its first and last topic again, after which a send to each of
     * them must be acknowledged.
     */
    private static double[] restart(ComparedBroker broker, List<String> topics, boolean kill) throws Exception {
        NodeProcess node = broker.brokerNode();
        if (kill) {
            node.kill();
        } else {
            node.stop();
        }
        long start = System.nanoTime();
        node.restart();
        double booted = (System.nanoTime() - start) / 1e9;
        List<String> probed = List.of(topics.get(0), topics.get(topics.size() - 1));
        for (String topic : probed) {
            awaitRoute(broker, topic);
        }
        double routed = (System.nanoTime() - start) / 1e9;
        DefaultMQProducer producer = BrokerBench.producer(broker.namesrvAddr(), "restarted-" + kill);
        try {
            for (String topic : probed) {
                String failure = BrokerBench.officialSends(producer, topic).send();
                if (failure != null) {
                    throw new IllegalStateException(broker + " did not take a send to " + topic + " after its "
                            + (kill ? "kill -9" : "graceful stop") + " and restart: " + failure);
                }
            }
        } finally {
            producer.shutdown();
        }
        System.out.println(String.format(Locale.ROOT, "# %s started again in %.1f s after %s, routed in %.1f s, took sends",
                broker, booted, kill ? "kill -9" : "a graceful stop", routed));
        return new double[] {booted, routed};
    }

    private static void awaitRoute(ComparedBroker broker, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + ROUTE_TIMEOUT_NANOS;
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                if (!broker.admin().examineTopicRouteInfo(topic).getQueueDatas().isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = String.valueOf(e.getMessage()).split("\n")[0];
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the NameServer did not route " + topic + " of " + broker + " within "
                + ROUTE_TIMEOUT_NANOS / 1_000_000_000 + " s of its restart (" + last + ")");
    }
}
