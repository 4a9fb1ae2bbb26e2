package io.petrel.real.net;

import static io.petrel.env.contract.StreamRecorder.assertPatternStream;
import static io.petrel.env.contract.StreamRecorder.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import io.petrel.env.StreamConnectHandler;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import io.petrel.env.contract.StreamRecorder;
import io.petrel.real.RealSeamHarness;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A node that does not keep up with a byte stream makes Netty stop reading it, so what waits for
 * the node's loop stays bounded and the backlog moves back to the writer (its pendingBytes), as
 * TCP flow control would have it; once the node catches up every byte arrives, in order, and the
 * buffers the socket was read into were used again for later reads.
 */
class StreamBackpressureTest {

    private static final long WAIT_MS = 30_000;
    private static final int MIB = 1 << 20;

    @Test
    void aBusyReaderStopsReadingSoItsQueueStaysBoundedAndTheWriterHoldsTheBacklog() {
        try (RealSeamHarness harness = new RealSeamHarness()) {
            Env server = harness.startNode("server");
            Env client = harness.startNode("client");
            List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
            Listener listener = harness.onLoop(server, () -> server.network().listenStream(harness.anyPort(server),
                    c -> {
                        StreamRecorder r = new StreamRecorder();
                        r.connection.set(c);
                        accepted.add(r);
                        return r;
                    }));
            StreamRecorder writer = new StreamRecorder();
            harness.onLoop(client, () -> client.network().connectStream(listener.address(), 3_000, connected(writer)));
            harness.await("connected and accepted", () -> writer.connection.get() != null && accepted.size() == 1,
                    WAIT_MS);
            NettyStreamConnection reader = (NettyStreamConnection) accepted.get(0).connection.get();

            CountDownLatch release = new CountDownLatch(1);
            harness.node(server).post(() -> awaitQuietly(release));
            try {
                int total = 64 * MIB;
                harness.onLoop(client, () -> {
                    for (int offset = 0; offset < total; offset += MIB) {
                        writer.connection.get().send(ByteBuffer.wrap(pattern(offset, MIB)));
                    }
                });
                harness.await("reading paused",
                        () -> reader.inboundQueuedBytes() > NettyStreamConnection.INBOUND_PAUSE_BYTES, WAIT_MS);
                Awaitility.await("the busy reader's queue stays bounded")
                        .during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                        .until(() -> reader.inboundQueuedBytes() <= NettyStreamConnection.INBOUND_PAUSE_BYTES + MIB);
                long pending = harness.onLoop(client, () -> writer.connection.get().pendingBytes());
                assertThat(pending).as("backlog held by the writer while the reader is busy").isGreaterThan(total / 2);
            } finally {
                release.countDown();
            }
            harness.await("every byte after the reader caught up", () -> accepted.get(0).byteCount() == 64L * MIB,
                    WAIT_MS);
            assertPatternStream("what the reader read", accepted.get(0).bytes(), 64L * MIB);
            assertThat(reader.inboundQueuedBytes()).isZero();
            // 64 MiB in reads of at most 256 KiB are 256 reads or more: their buffers came back and were read into again.
            assertThat(reader.readBuffersAllocated()).as("read buffers allocated for 64 MiB")
                    .isPositive().isLessThanOrEqualTo(2 * StreamReadBuffers.FREE_MAX);
        }
    }

    private static StreamConnectHandler connected(StreamRecorder r) {
        return new StreamConnectHandler() {
            @Override
            public StreamHandler onConnected(StreamConnection c) {
                r.connection.set(c);
                return r;
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                throw new AssertionError("connect failed: " + reason);
            }
        };
    }

    /** Holds the node's loop (a node too busy to read) until released, at most as long as the test waits. */
    private static void awaitQuietly(CountDownLatch release) {
        try {
            release.await(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
