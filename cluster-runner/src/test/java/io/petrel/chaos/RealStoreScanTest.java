package io.petrel.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerConfig;
import io.petrel.common.message.HostAddress;
import io.petrel.config.ConfigContext;
import io.petrel.env.Node;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.net.NettyTransport;
import io.petrel.scenarios.history.History;
import io.petrel.store.MessageStore;
import io.petrel.store.StoreContext;
import io.petrel.store.commitlog.BrokerMessage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final store scan of a chaos run on real stores: a master's store and an identical copy as
 * its slave's pass; one flipped body byte in the slave's copy is reported, as a replica that
 * differs from its master and as a consume-queue entry whose record is damaged.
 */
class RealStoreScanTest {

    @TempDir
    Path dir;

    private Path config(String name, Path store, boolean slave) throws IOException {
        Path file = dir.resolve(name + ".properties");
        List<String> lines = new ArrayList<>(List.of("brokerName=broker-a", "brokerIP1=127.0.0.1",
                "storePathRootDir=" + store, "storePathCommitLog=" + store.resolve("commitlog"),
                "mappedFileSizeCommitLog=8388608"));
        if (slave) {
            lines.addAll(List.of("brokerId=1", "brokerRole=SLAVE"));
        }
        Files.write(file, lines);
        return file;
    }

    /** A node that is only the store, putting {@code count} messages once started. */
    private static final class Writer implements Node {
        private final MessageStore store;
        private final int count;
        private final CountDownLatch written;

        Writer(MessageStore store, int count, CountDownLatch written) {
            this.store = store;
            this.count = count;
            this.written = written;
        }

        @Override
        public void start() {
            store.start(r -> {
                for (int i = 0; i < count; i++) {
                    BrokerMessage m = BrokerMessage.of("ScanTopic", i % 4, ("body " + i).getBytes(StandardCharsets.UTF_8),
                            Map.of("UNIQ_KEY", String.format("7F000001%024X", i)), 1_700_000_000_000L + i,
                            HostAddress.parse("127.0.0.1:50000"));
                    store.putMessage(m, answer -> written.countDown());
                }
            });
        }

        @Override
        public void shutdown(Runnable done) {
            store.shutdown(done);
        }
    }

    @Test
    void aSlaveCopyThatDiffersFromItsMasterIsReported() throws Exception {
        Path master = dir.resolve("store-a");
        Path slave = dir.resolve("store-a-s");
        Path masterConfig = config("broker-a", master, false);
        Path slaveConfig = config("broker-a-s", slave, true);
        BrokerConfig settings = BrokerConfig.from(BrokerConfig.REGISTRY.bind(Map.of("brokerName", "broker-a",
                "brokerIP1", "127.0.0.1", "storePathRootDir", master.toString(),
                "storePathCommitLog", master.resolve("commitlog").toString(), "mappedFileSizeCommitLog", "8388608"),
                ConfigContext.of(dir.toString(), "127.0.0.1"), true));
        CountDownLatch written = new CountDownLatch(40);
        try (RealRuntime runtime = new RealRuntime(new NettyTransport(1), 10_000)) {
            runtime.start(new RealNodeSpec("writer", master, 1), env -> new Writer(MessageStore.create(env, settings.store(),
                    new StoreContext("c", HostAddress.parse("127.0.0.1:10911"), ZoneId.of("UTC"), 1L << 30)), 40, written));
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        }
        copy(master, slave);
        Map<String, Path> brokers = new LinkedHashMap<>(Map.of("broker-a", masterConfig));
        brokers.put("broker-a-s", slaveConfig);

        History clean = new History();
        RealStoreScan.run(brokers, Map.of("broker-a-s", "broker-a"), clean, dir.resolve("scan"));
        assertThat(clean.storeProblems()).isEmpty();
        assertThat(clean.replicaProblems()).isEmpty();
        assertThat(clean.layoutProblems()).isEmpty();

        byte[] body = "body 7".getBytes(StandardCharsets.UTF_8);
        Path log = slave.resolve("commitlog").resolve("00000000000000000000");
        byte[] bytes = Files.readAllBytes(log);
        int at = indexOf(bytes, body);
        assertThat(at).isPositive();
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.seek(at + body.length - 1);
            f.write('8');
        }
        History flipped = new History();
        RealStoreScan.run(brokers, Map.of("broker-a-s", "broker-a"), flipped, dir.resolve("scan"));
        assertThat(flipped.replicaProblems()).singleElement().asString()
                .startsWith("broker-a-s: replica differs from broker-a's commit log");
        assertThat(flipped.storeProblems()).anyMatch(p -> p.startsWith("broker-a-s: ")).noneMatch(p -> p.startsWith("broker-a: "));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
