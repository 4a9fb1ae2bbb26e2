package io.petrel.env.contract;

import static io.petrel.env.contract.StreamRecorder.assertPatternStream;
import static io.petrel.env.contract.StreamRecorder.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import io.petrel.env.StreamConnectHandler;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The byte-stream half of the {@link io.petrel.env.Network} contract ({@link StreamConnection}).
 * Subclasses in io-sim and io-real supply the runtime; every test here must pass unchanged
 * against both. Readers here always parse the stream as a whole, never per read: how sends are
 * cut into reads is the runtime's business (the simulator cuts them at random on purpose).
 */
public abstract class StreamContract {

    private static final long WAIT_MS = 20_000;
    private static final int FOUR_MIB = 4 << 20;

    protected abstract SeamHarness newHarness();

    private SeamHarness harness;
    private Env server;
    private Env client;

    @BeforeEach
    void startNodes() {
        harness = newHarness();
        server = harness.startNode("server");
        client = harness.startNode("client");
    }

    @AfterEach
    void stopNodes() {
        harness.close();
    }

    private Listener listen(List<StreamRecorder> accepted, boolean echo) {
        return harness.onLoop(server, () -> server.network().listenStream(harness.anyPort(server), c -> {
            StreamRecorder r = new StreamRecorder();
            r.echo = echo;
            r.connection.set(c);
            accepted.add(r);
            return r;
        }));
    }

    private StreamRecorder connect(Address address) {
        return connect(address, new StreamRecorder());
    }

    private StreamRecorder connect(Address address, StreamRecorder r) {
        AtomicReference<String> failure = new AtomicReference<>();
        harness.onLoop(client, () -> client.network().connectStream(address, 3_000, new StreamConnectHandler() {
            @Override
            public StreamHandler onConnected(StreamConnection c) {
                r.connection.set(c);
                return r;
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                failure.set(reason);
            }
        }));
        harness.await("stream connect to " + address, () -> r.connection.get() != null || failure.get() != null,
                WAIT_MS);
        assertThat(failure.get()).as("connect failure").isNull();
        return r;
    }

    /** Sends {@code sizes} as consecutive slices of the pattern stream; returns the total. */
    private long sendPattern(StreamConnection c, int[] sizes) {
        long offset = 0;
        for (int size : sizes) {
            assertThat(c.send(ByteBuffer.wrap(pattern(offset, size)))).isTrue();
            offset += size;
        }
        return offset;
    }

    private static int[] variedSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sizes.add(i % 5 == 0 ? 1 : 1 + (i * 7919) % 40_000);
            if (i == 200) {
                sizes.add(FOUR_MIB);
            }
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void deliversEverySendInOrderExactlyOnceBothWaysWhateverTheReads() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, true);
        StreamRecorder c = connect(listener.address());
        int[] sizes = variedSizes();
        long total = harness.onLoop(client, () -> sendPattern(c.connection.get(), sizes));
        harness.await("every byte echoed", () -> c.byteCount() >= total, WAIT_MS);
        assertThat(c.byteCount()).isEqualTo(total);
        assertPatternStream("the echoed stream", c.bytes(), total);
        assertThat(accepted).hasSize(1);
        assertPatternStream("the stream the server read", accepted.get(0).bytes(), total);
        assertThat(c.closes).isEmpty();
    }

    /**
     * A send of parts (heap, direct, read-only, empty) is the send of their concatenation, in order
     * between the sends around it, and counts in pendingBytes like one.
     */
    @Test
    void aSendOfPartsArrivesAsTheirConcatenationInOrder() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        StreamRecorder c = connect(listener.address());
        long total = harness.onLoop(client, () -> {
            StreamConnection conn = c.connection.get();
            long offset = sendPattern(conn, new int[] {1_000});
            for (int round = 1; round <= 20; round++) {
                List<ByteBuffer> parts = new ArrayList<>();
                for (int size : new int[] {12, 0, 70_000, 1, 33_000}) {
                    byte[] bytes = pattern(offset, size);
                    offset += size;
                    ByteBuffer part = switch (parts.size() % 3) {
                        case 0 -> ByteBuffer.wrap(bytes);
                        case 1 -> ByteBuffer.allocateDirect(size).put(bytes).flip();
                        default -> ByteBuffer.wrap(bytes).asReadOnlyBuffer();
                    };
                    parts.add(part);
                }
                assertThat(conn.send(parts)).isTrue();
                assertThat(conn.pendingBytes()).isBetween(0L, offset);
                assertThat(conn.send(ByteBuffer.wrap(pattern(offset, round)))).isTrue();
                offset += round;
            }
            return offset;
        });
        harness.await("every byte read", () -> !accepted.isEmpty() && accepted.get(0).byteCount() >= total, WAIT_MS);
        assertPatternStream("the stream the server read", accepted.get(0).bytes(), total);
    }

    @Test
    void acceptedStreamSeesTheClientAddressAndIdsAreUniqueAcrossKinds() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        StreamRecorder c = connect(listener.address());
        harness.await("accept", () -> accepted.size() == 1, WAIT_MS);
        assertThat(accepted.get(0).connection.get().remoteAddress()).isEqualTo(c.connection.get().localAddress());
        assertThat(c.connection.get().remoteAddress()).isEqualTo(listener.address());

        AtomicReference<Connection> framed = new AtomicReference<>();
        Listener frames = harness.onLoop(server, () -> server.network().listen(harness.anyPort(server),
                conn -> new IgnoringFrames()));
        harness.onLoop(client, () -> client.network().connect(frames.address(), 3_000, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection conn) {
                framed.set(conn);
                return new IgnoringFrames();
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
            }
        }));
        harness.await("framed connect", () -> framed.get() != null, WAIT_MS);
        assertThat(framed.get().id()).as("ids of one node's framed and stream connections")
                .isNotEqualTo(c.connection.get().id());
    }

    @Test
    void connectWhereNobodyListensFails() {
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicBoolean connected = new AtomicBoolean();
        Address dead = harness.deadAddress(client);
        harness.onLoop(client, () -> client.network().connectStream(dead, 3_000, new StreamConnectHandler() {
            @Override
            public StreamHandler onConnected(StreamConnection c) {
                connected.set(true);
                return new StreamRecorder();
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                failure.set(remote + " " + reason);
            }
        }));
        harness.await("connect failure", () -> failure.get() != null, WAIT_MS);
        assertThat(connected).isFalse();
        assertThat(failure.get()).contains(dead.toString());
    }

    @Test
    void closeIsIdempotentReportedOnceOnEachSideAndEndsDelivery() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        StreamRecorder c = connect(listener.address());
        harness.await("accept", () -> accepted.size() == 1, WAIT_MS);
        StreamRecorder s = accepted.get(0);
        harness.onLoop(server, () -> s.connection.get().send(ByteBuffer.wrap(pattern(0, 1 << 20))));
        AtomicBoolean reportedInline = new AtomicBoolean();
        harness.onLoop(client, () -> {
            StreamConnection conn = c.connection.get();
            conn.close();
            conn.close();
            reportedInline.set(!c.closes.isEmpty());
            assertThat(conn.isOpen()).isFalse();
            assertThat(conn.send(ByteBuffer.wrap(new byte[] {1}))).isFalse();
        });
        harness.await("both sides closed", () -> !c.closes.isEmpty() && !s.closes.isEmpty(), WAIT_MS);
        assertThat(reportedInline).as("onClose delivered inline from close()").isFalse();
        assertThat(c.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.LOCAL_CLOSE);
        assertThat(s.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.PEER_CLOSED);
        assertThat(c.eventAfterClose).as("bytes delivered after close()").isFalse();
        harness.onLoop(server, () -> s.connection.get().close());
        harness.await("server close handled", () -> !s.connection.get().isOpen(), WAIT_MS);
        assertThat(s.closes).hasSize(1);
        assertThat(s.eventAfterClose).isFalse();
    }

    @Test
    void bytesSentBeforeCloseArriveBeforeThePeerSeesTheClose() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        StreamRecorder c = connect(listener.address());
        int[] sizes = {1, 3, 1000, FOUR_MIB, 7, 1};
        long total = harness.onLoop(client, () -> {
            long sent = sendPattern(c.connection.get(), sizes);
            c.connection.get().close();
            return sent;
        });
        harness.await("server saw close", () -> accepted.size() == 1 && !accepted.get(0).closes.isEmpty(), WAIT_MS);
        StreamRecorder s = accepted.get(0);
        assertPatternStream("what the server read", s.bytes(), total);
        assertThat(s.eventAfterClose).isFalse();
        assertThat(s.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.PEER_CLOSED);
    }

    @Test
    void aCrashedPeerIsSeenAsAResetAndTheCrashedSideHearsNothing() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        StreamRecorder c = connect(listener.address());
        harness.await("accept", () -> accepted.size() == 1, WAIT_MS);
        harness.onLoop(client, () -> c.connection.get().send(ByteBuffer.wrap(pattern(0, 100))));
        harness.await("bytes before the crash", () -> accepted.get(0).byteCount() == 100, WAIT_MS);
        harness.crash(server);
        harness.await("client saw the crash", () -> !c.closes.isEmpty(), WAIT_MS);
        assertThat(c.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.RESET);
        assertThat(accepted.get(0).closes).as("callbacks on the crashed side").isEmpty();
        assertThat(harness.onLoop(client, () -> c.connection.get().send(ByteBuffer.wrap(new byte[] {1})))).isFalse();
    }

    @Test
    void pendingBytesCountTheBacklogAndOnWritableFollowsItsDrain() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        StreamRecorder c = connect(listener.address());
        int[] sizes = new int[128];
        Arrays.fill(sizes, 256 * 1024);
        AtomicLong pendingAfterSends = new AtomicLong();
        long total = harness.onLoop(client, () -> {
            assertThat(c.connection.get().pendingBytes()).isZero();
            long sent = sendPattern(c.connection.get(), sizes);
            pendingAfterSends.set(c.connection.get().pendingBytes());
            return sent;
        });
        assertThat(pendingAfterSends.get()).as("pending right after 32 MiB of sends").isBetween(1L, total);
        harness.await("onWritable", () -> c.writables.get() >= 1, WAIT_MS);
        assertThat(c.pendingAtLastWritable.get()).as("pendingBytes inside onWritable").isZero();
        harness.await("every byte", () -> accepted.size() == 1 && accepted.get(0).byteCount() == total, WAIT_MS);
        assertPatternStream("what the server read", accepted.get(0).bytes(), total);
        assertThat(harness.onLoop(client, () -> c.connection.get().pendingBytes())).isZero();
    }

    @Test
    void aWriterThatWaitsForOnWritableKeepsItsBacklogBounded() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        BoundedWriter writer = new BoundedWriter(16 << 20, 32 * 1024, 64 * 1024);
        connect(listener.address(), writer);
        harness.onLoop(client, writer::pump);
        harness.await("every byte", () -> accepted.size() == 1 && accepted.get(0).byteCount() == writer.totalBytes,
                WAIT_MS);
        assertPatternStream("what the server read", accepted.get(0).bytes(), writer.totalBytes);
        assertThat(writer.maxPendingBytes.get()).as("largest backlog seen by the writer")
                .isLessThanOrEqualTo(writer.pauseAboveBytes + writer.sendBytes);
    }

    @Test
    void aPortServesFramesOrStreamsNeverBoth() {
        Listener frames = harness.onLoop(server, () -> server.network().listen(harness.anyPort(server),
                c -> new IgnoringFrames()));
        assertThatThrownBy(() -> harness.onLoop(server,
                () -> server.network().listenStream(frames.address(), c -> new StreamRecorder())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(frames.address().port()));
        Listener streams = listen(new CopyOnWriteArrayList<>(), false);
        assertThatThrownBy(() -> harness.onLoop(server,
                () -> server.network().listen(streams.address(), c -> new IgnoringFrames())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(streams.address().port()));
    }

    @Test
    void closingTheListenerKeepsAcceptedStreamsAndRefusesNewOnes() {
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, true);
        StreamRecorder c = connect(listener.address());
        harness.await("accept", () -> accepted.size() == 1, WAIT_MS);
        harness.onLoop(server, () -> {
            listener.close();
            listener.close();
        });
        harness.onLoop(client, () -> c.connection.get().send(ByteBuffer.wrap(pattern(0, 100))));
        harness.await("echo after listener closed", () -> c.byteCount() == 100, WAIT_MS);

        AtomicReference<String> failure = new AtomicReference<>();
        harness.onLoop(client, () -> client.network().connectStream(listener.address(), 3_000,
                new StreamConnectHandler() {
                    @Override
                    public StreamHandler onConnected(StreamConnection conn) {
                        return new StreamRecorder();
                    }

                    @Override
                    public void onConnectFailed(Address remote, String reason) {
                        failure.set(reason);
                    }
                }));
        harness.await("refused after listener closed", () -> failure.get() != null, WAIT_MS);
    }

    @Test
    void streamEventsRunOnTheNodeLoop() {
        AtomicBoolean offLoop = new AtomicBoolean();
        List<StreamRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = harness.onLoop(server, () -> server.network().listenStream(harness.anyPort(server), c -> {
            offLoop.compareAndSet(false, !harness.isLoopThread(server));
            StreamRecorder r = new StreamRecorder() {
                @Override
                public void onBytes(StreamConnection conn, ByteBuffer bytes) {
                    offLoop.compareAndSet(false, !harness.isLoopThread(server));
                    super.onBytes(conn, bytes);
                }

                @Override
                public void onClose(StreamConnection conn, CloseCause cause) {
                    offLoop.compareAndSet(false, !harness.isLoopThread(server));
                    super.onClose(conn, cause);
                }
            };
            accepted.add(r);
            return r;
        }));
        StreamRecorder c = connect(listener.address());
        harness.onLoop(client, () -> {
            c.connection.get().send(ByteBuffer.wrap(pattern(0, 5)));
            c.connection.get().close();
        });
        harness.await("bytes and close", () -> accepted.size() == 1 && !accepted.get(0).closes.isEmpty(), WAIT_MS);
        assertThat(accepted.get(0).byteCount()).isEqualTo(5);
        assertThat(offLoop).as("a callback ran off the node's loop").isFalse();
    }

    /** A framed handler for the tests that only need a framed connection to exist. */
    private static final class IgnoringFrames implements ConnectionHandler {
        @Override
        public void onFrame(Connection connection, ByteBuffer frame) {
        }

        @Override
        public void onClose(Connection connection, CloseCause cause) {
        }
    }

    /**
     * A writer as replication will be one: sends while its backlog is at most
     * {@code pauseAboveBytes}, then waits for onWritable; records the largest backlog it saw.
     */
    private static final class BoundedWriter extends StreamRecorder {
        final long totalBytes;
        final int sendBytes;
        final long pauseAboveBytes;
        final AtomicLong maxPendingBytes = new AtomicLong();
        private long sentBytes;

        BoundedWriter(long totalBytes, int sendBytes, long pauseAboveBytes) {
            this.totalBytes = totalBytes;
            this.sendBytes = sendBytes;
            this.pauseAboveBytes = pauseAboveBytes;
        }

        void pump() {
            StreamConnection c = connection.get();
            while (sentBytes < totalBytes && c.pendingBytes() <= pauseAboveBytes) {
                int n = (int) Math.min(sendBytes, totalBytes - sentBytes);
                c.send(ByteBuffer.wrap(pattern(sentBytes, n)));
                sentBytes += n;
                maxPendingBytes.accumulateAndGet(c.pendingBytes(), Math::max);
            }
        }

        @Override
        public void onWritable(StreamConnection c) {
            super.onWritable(c);
            pump();
        }
    }
}
