package io.petrel.real.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.Cancellable;
import io.petrel.real.PetrelThreads;
import io.petrel.real.RecordingLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeLoopTest {

    private static final long WAIT_MS = 10_000;

    private final RecordingLog log = new RecordingLog();
    private final NodeLoop loop = new NodeLoop("loop-test", log);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        loop.stop();
        await("loop thread ended", () -> loop.isTerminated() && !PetrelThreads.alive().contains("petrel-loop-test"));
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofMillis(WAIT_MS)).pollInterval(Duration.ofMillis(5)).until(condition);
    }

    @Test
    void runsOnAThreadNamedAfterTheNode() {
        assertThat(loop.call(() -> Thread.currentThread().getName(), WAIT_MS)).isEqualTo("petrel-loop-test");
        assertThat(loop.call(loop::isLoopThread, WAIT_MS)).isTrue();
        assertThat(loop.isLoopThread()).isFalse();
    }

    @Test
    void executeRunsAfterTheCurrentTaskInSubmissionOrder() {
        loop.call(() -> {
            for (int i = 0; i < 50; i++) {
                int n = i;
                loop.execute(() -> ran.add("task " + n));
            }
            ran.add("current");
            return null;
        }, WAIT_MS);
        await("all tasks", () -> ran.size() == 51);
        assertThat(ran.get(0)).isEqualTo("current");
        for (int i = 0; i < 50; i++) {
            assertThat(ran.get(i + 1)).isEqualTo("task " + i);
        }
    }

    @Test
    void tasksScheduledWithTheSameDelayRunInSubmissionOrder() {
        loop.call(() -> {
            for (int i = 0; i < 50; i++) {
                int n = i;
                loop.schedule(2, () -> ran.add("task " + n));
            }
            return null;
        }, WAIT_MS);
        await("all tasks", () -> ran.size() == 50);
        for (int i = 0; i < 50; i++) {
            assertThat(ran.get(i)).isEqualTo("task " + i);
        }
    }

    @Test
    void aScheduledTaskNeverRunsBeforeItsDelay() {
        AtomicLong scheduledAtNanos = new AtomicLong();
        AtomicLong ranAtNanos = new AtomicLong();
        loop.call(() -> {
            scheduledAtNanos.set(System.nanoTime());
            return loop.schedule(30, () -> ranAtNanos.set(System.nanoTime()));
        }, WAIT_MS);
        await("scheduled task", () -> ranAtNanos.get() != 0);
        assertThat(ranAtNanos.get() - scheduledAtNanos.get()).isGreaterThanOrEqualTo(30_000_000L);
    }

    @Test
    void aCancelledTaskNeverRuns() {
        loop.call(() -> {
            Cancellable early = loop.schedule(5, () -> ran.add("cancelled"));
            loop.schedule(20, () -> ran.add("marker"));
            early.cancel();
            early.cancel();
            return null;
        }, WAIT_MS);
        await("marker", () -> ran.contains("marker"));
        assertThat(ran).containsExactly("marker");
    }

    @Test
    void aThrowingTaskIsLoggedAndTheLoopCarriesOn() {
        loop.post(() -> {
            throw new IllegalStateException("boom");
        });
        loop.post(() -> ran.add("after"));
        await("task after the failure", () -> ran.contains("after"));
        assertThat(log.lines).anySatisfy(line -> {
            assertThat(line.level()).isEqualTo("ERROR");
            assertThat(line.thrown()).hasMessage("boom");
        });
    }

    @Test
    void afterStopNothingRunsAgain() {
        loop.call(() -> {
            loop.execute(() -> ran.add("queued"));
            loop.schedule(0, () -> ran.add("scheduled"));
            loop.stop();
            ran.add("current finishes");
            return null;
        }, WAIT_MS);
        loop.post(() -> ran.add("posted after stop"));
        await("loop ended", loop::isTerminated);
        assertThat(ran).containsExactly("current finishes");
        assertThatThrownBy(() -> loop.call(() -> 1, WAIT_MS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callRethrowsTheActionsExceptionUnchanged() {
        assertThatThrownBy(() -> loop.call(() -> {
            throw new IllegalArgumentException("bad");
        }, WAIT_MS)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
    }

    @Test
    void schedulingOffTheLoopAndWaitingOnTheLoopAreRefused() {
        assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loop-test");
        assertThatThrownBy(() -> loop.schedule(1, () -> { })).isInstanceOf(IllegalStateException.class);
        AtomicBoolean refused = new AtomicBoolean();
        loop.call(() -> {
            try {
                loop.call(() -> 1, WAIT_MS);
            } catch (IllegalStateException expected) {
                refused.set(true);
            }
            return null;
        }, WAIT_MS);
        assertThat(refused).isTrue();
    }
}
