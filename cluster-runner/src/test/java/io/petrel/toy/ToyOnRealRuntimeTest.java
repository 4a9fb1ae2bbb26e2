package io.petrel.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.cluster.FreePorts;
import io.petrel.env.Address;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toy log's classes, unchanged from the simulation, on Netty and memory-mapped files: two
 * writers append, a reader reads every acknowledged record back, and after the server restarts on
 * its files a second reader finds them all again.
 */
class ToyOnRealRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void appendsAreAcknowledgedReadBackAndSurviveARestart() {
        Address server = new Address("127.0.0.1", FreePorts.next());
        String logPath = dir.resolve("toy").resolve("log").toString();
        Set<String> acked = new ConcurrentSkipListSet<>();
        try (RealRuntime runtime = RealRuntime.create()) {
            RealNode serverNode = runtime.start(RealNodeSpec.withOsSeed("toy-server", dir),
                    env -> new ToyServer(env, server, logPath, 4L << 20));
            List<RealNode> writers = new ArrayList<>();
            List<AtomicReference<ToyWriter>> writerRefs = new ArrayList<>();
            for (int w = 1; w <= 2; w++) {
                long id = w;
                AtomicReference<ToyWriter> ref = new AtomicReference<>();
                writerRefs.add(ref);
                writers.add(runtime.start(RealNodeSpec.withOsSeed("toy-writer-" + w, dir), env -> {
                    ToyWriter writer = new ToyWriter(env, server, id, 200, 16, 1,
                            (writerId, seq, offset) -> acked.add(writerId + ":" + seq));
                    ref.set(writer);
                    return writer;
                }));
            }
            for (int w = 0; w < 2; w++) {
                RealNode node = writers.get(w);
                AtomicReference<ToyWriter> ref = writerRefs.get(w);
                await().atMost(Duration.ofSeconds(30)).until(() -> node.onLoop(() -> ref.get().finished(), 5_000));
            }
            assertThat(acked).hasSize(400);
            assertThat(readAll(runtime, server, "toy-reader-1")).containsAll(acked);

            assertThat(serverNode.shutdown(10_000)).isTrue();
            runtime.start(RealNodeSpec.withOsSeed("toy-server", dir), env -> new ToyServer(env, server, logPath, 4L << 20));
            assertThat(readAll(runtime, server, "toy-reader-2")).containsAll(acked);
        }
    }

    private Set<String> readAll(RealRuntime runtime, Address server, String name) {
        AtomicReference<ToyReader> ref = new AtomicReference<>();
        RealNode node = runtime.start(RealNodeSpec.withOsSeed(name, dir), env -> {
            ToyReader reader = new ToyReader(env, server);
            ref.set(reader);
            return reader;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> node.onLoop(() -> ref.get().finished(), 5_000));
        Set<String> found = node.onLoop(() -> {
            Set<String> keys = new TreeSet<>();
            for (ToyRecordFormat.Entry e : ref.get().entries()) {
                assertThat(e.payload()).isEqualTo(ToyRecordFormat.payloadFor(e.writer(), e.sequence()));
                keys.add(e.writer() + ":" + e.sequence());
            }
            return keys;
        }, 5_000);
        node.shutdown(5_000);
        return found;
    }
}
