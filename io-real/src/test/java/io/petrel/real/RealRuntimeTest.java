package io.petrel.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.env.SplitMix64;
import io.petrel.real.net.NettyTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealRuntimeTest {

    private static final long WAIT_MS = 10_000;

    @TempDir
    Path storeRoot;

    private RealRuntime runtime;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createRuntime() {
        runtime = new RealRuntime(new NettyTransport(2), 5_000);
    }

    @AfterEach
    void closeRuntimeAndCheckThreads() {
        runtime.close();
        Awaitility.await("no petrel- thread left").atMost(Duration.ofMillis(WAIT_MS))
                .pollInterval(Duration.ofMillis(5)).until(() -> PetrelThreads.alive().isEmpty());
    }

    /** A node that records its lifecycle and on which thread each step ran. */
    private final class LifecycleNode implements Node {
        private final boolean finishesShutdown;

        LifecycleNode(boolean finishesShutdown) {
            this.finishesShutdown = finishesShutdown;
        }

        @Override
        public void start() {
            events.add("start on " + Thread.currentThread().getName());
        }

        @Override
        public void shutdown(Runnable done) {
            events.add("shutdown on " + Thread.currentThread().getName());
            if (finishesShutdown) {
                done.run();
            }
        }
    }

    @Test
    void buildsAndStartsTheNodeOnItsLoopAndShutsItDownGracefully() {
        AtomicReference<String> factoryThread = new AtomicReference<>();
        RealNode node = runtime.start(new RealNodeSpec("alpha", storeRoot, 42), env -> {
            factoryThread.set(Thread.currentThread().getName());
            return new LifecycleNode(true);
        });
        assertThat(factoryThread.get()).isEqualTo("petrel-alpha");
        assertThat(events).containsExactly("start on petrel-alpha");
        assertThat(node.isRunning()).isTrue();

        assertThat(node.shutdown(WAIT_MS)).isTrue();
        assertThat(events).containsExactly("start on petrel-alpha", "shutdown on petrel-alpha");
        assertThat(node.isRunning()).isFalse();
        assertThat(node.shutdown(WAIT_MS)).as("second shutdown is a no-op").isTrue();
    }

    @Test
    void theEnvCarriesTheSeededRandomAndTheRealClock() {
        RealNode node = runtime.start(new RealNodeSpec("seeded", storeRoot, 7), env -> new LifecycleNode(true));
        Env env = node.env();
        long first = node.onLoop(() -> env.random().nextLong(), WAIT_MS);
        assertThat(first).isEqualTo(new SplitMix64(7).nextLong());
        assertThat(env.clock()).isSameAs(SystemClock.INSTANCE);
        assertThat(env.nodeName()).isEqualTo("seeded");
    }

    @Test
    void aNodeThatNeverFinishesShuttingDownIsStoppedAtTheBound() {
        RealNode node = runtime.start(new RealNodeSpec("stuck", storeRoot, 1), env -> new LifecycleNode(false));
        assertThat(node.shutdown(100)).isFalse();
        assertThat(node.isRunning()).isFalse();
    }

    @Test
    void aFactoryThatThrowsReleasesWhatWasStarted() {
        assertThatThrownBy(() -> runtime.start(new RealNodeSpec("broken", storeRoot, 1), env -> {
            throw new IllegalStateException("bad config");
        })).isInstanceOf(IllegalStateException.class).hasMessage("bad config");
        Awaitility.await("broken node's threads ended").atMost(Duration.ofMillis(WAIT_MS))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> PetrelThreads.alive().stream().noneMatch(name -> name.startsWith("petrel-broken")));
    }

    @Test
    void closingTheRuntimeStopsEveryNode() throws IOException {
        RealNode a = runtime.start(new RealNodeSpec("a", Files.createDirectories(storeRoot.resolve("a")), 1),
                env -> new LifecycleNode(true));
        RealNode b = runtime.start(new RealNodeSpec("b", storeRoot.resolve("b"), 2), env -> new LifecycleNode(true));
        runtime.close();
        assertThat(a.isRunning()).isFalse();
        assertThat(b.isRunning()).isFalse();
        assertThat(events).contains("shutdown on petrel-a", "shutdown on petrel-b");
        assertThatThrownBy(() -> runtime.start(new RealNodeSpec("late", storeRoot, 3), env -> new LifecycleNode(true)))
                .isInstanceOf(IllegalStateException.class);
    }
}
