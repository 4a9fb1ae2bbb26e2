package io.petrel.env.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import io.petrel.env.Network;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Network} contract. Subclasses in io-sim and io-real supply the runtime; every test
 * here must pass unchanged against both.
 */
public abstract class NetworkContract {

    private static final long WAIT_MS = 10_000;

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

    /** Records everything one side of a connection sees. */
    static class Recorder implements ConnectionHandler {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final List<CloseCause> closes = new CopyOnWriteArrayList<>();
        final AtomicBoolean frameAfterClose = new AtomicBoolean();
        final AtomicReference<Connection> connection = new AtomicReference<>();
        volatile boolean echo;

        @Override
        public void onFrame(Connection c, ByteBuffer frame) {
            if (!closes.isEmpty()) {
                frameAfterClose.set(true);
            }
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            frames.add(bytes);
            if (echo) {
                c.send(ByteBuffer.wrap(bytes));
            }
        }

        @Override
        public void onClose(Connection c, CloseCause cause) {
            closes.add(cause);
        }
    }

    /** Listens on the server with a fresh recorder per accepted connection. */
    private Listener listen(List<Recorder> accepted, boolean echo) {
        return harness.onLoop(server, () -> server.network().listen(harness.anyPort(server), c -> {
            Recorder r = new Recorder();
            r.echo = echo;
            r.connection.set(c);
            accepted.add(r);
            return r;
        }));
    }

    private Recorder connect(Address address) {
        Recorder r = new Recorder();
        AtomicReference<String> failure = new AtomicReference<>();
        harness.onLoop(client, () -> client.network().connect(address, 3_000, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection c) {
                r.connection.set(c);
                return r;
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                failure.set(reason);
            }
        }));
        harness.await("connect to " + address, () -> r.connection.get() != null || failure.get() != null, WAIT_MS);
        assertThat(failure.get()).as("connect failure").isNull();
        return r;
    }

    private static byte[] pattern(int index, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (index * 31 + i);
        }
        return b;
    }

    private static int sizeOf(int i) {
        return (i * 7919) % 70_000;
    }

    @Test
    void deliversFramesWholeInOrderBothWays() {
        List<Recorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, true);
        Recorder c = connect(listener.address());
        int count = 200;
        harness.onLoop(client, () -> {
            for (int i = 0; i < count; i++) {
                assertThat(c.connection.get().send(ByteBuffer.wrap(pattern(i, sizeOf(i))))).isTrue();
            }
        });
        harness.await("all echoes", () -> c.frames.size() == count, WAIT_MS);
        for (int i = 0; i < count; i++) {
            assertThat(c.frames.get(i)).as("frame %d", i).isEqualTo(pattern(i, sizeOf(i)));
        }
        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).frames).hasSize(count);
    }

    @Test
    void acceptedConnectionSeesTheClientAddress() {
        List<Recorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        Recorder c = connect(listener.address());
        harness.await("accept", () -> accepted.size() == 1, WAIT_MS);
        Connection serverSide = accepted.get(0).connection.get();
        assertThat(serverSide.remoteAddress()).isEqualTo(c.connection.get().localAddress());
        assertThat(c.connection.get().remoteAddress()).isEqualTo(listener.address());
        assertThat(listener.address().port()).isPositive();
    }

    @Test
    void connectWhereNobodyListensFails() {
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicBoolean connected = new AtomicBoolean();
        Address dead = harness.deadAddress(client);
        harness.onLoop(client, () -> client.network().connect(dead, 3_000, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection c) {
                connected.set(true);
                return new Recorder();
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
    void closeIsIdempotentAndReportedExactlyOnceOnEachSide() {
        List<Recorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        Recorder c = connect(listener.address());
        harness.await("accept", () -> accepted.size() == 1, WAIT_MS);
        AtomicBoolean reportedInline = new AtomicBoolean();
        harness.onLoop(client, () -> {
            Connection conn = c.connection.get();
            conn.close();
            conn.close();
            reportedInline.set(!c.closes.isEmpty());
            assertThat(conn.isOpen()).isFalse();
            assertThat(conn.send(ByteBuffer.wrap(new byte[] {1}))).isFalse();
        });
        Recorder s = accepted.get(0);
        harness.await("both sides closed", () -> !c.closes.isEmpty() && !s.closes.isEmpty(), WAIT_MS);
        assertThat(reportedInline).as("onClose delivered inline from close()").isFalse();
        assertThat(c.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.LOCAL_CLOSE);
        assertThat(s.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.PEER_CLOSED);
        harness.onLoop(server, () -> s.connection.get().close());
        harness.await("server close handled", () -> !s.connection.get().isOpen(), WAIT_MS);
        assertThat(s.closes).hasSize(1);
    }

    @Test
    void framesSentBeforeCloseArriveBeforeThePeerSeesTheClose() {
        List<Recorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        Recorder c = connect(listener.address());
        harness.onLoop(client, () -> {
            for (int i = 0; i < 50; i++) {
                c.connection.get().send(ByteBuffer.wrap(pattern(i, 1000)));
            }
            c.connection.get().close();
        });
        harness.await("server saw close", () -> accepted.size() == 1 && !accepted.get(0).closes.isEmpty(), WAIT_MS);
        Recorder s = accepted.get(0);
        assertThat(s.frames).hasSize(50);
        assertThat(s.frameAfterClose).isFalse();
        assertThat(s.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.PEER_CLOSED);
    }

    @Test
    void largestFrameIsDeliveredAndALargerOneClosesOnlyItsConnection() {
        List<Recorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        Recorder big = connect(listener.address());
        Recorder other = connect(listener.address());
        harness.await("two accepts", () -> accepted.size() == 2, WAIT_MS);

        byte[] largest = pattern(7, Network.MAX_FRAME_PAYLOAD_BYTES);
        harness.onLoop(client, () -> assertThat(big.connection.get().send(ByteBuffer.wrap(largest))).isTrue());
        harness.await("largest frame", () -> accepted.stream().anyMatch(r -> r.frames.size() == 1), WAIT_MS);
        assertThat(accepted.stream().filter(r -> r.frames.size() == 1).findFirst().orElseThrow().frames.get(0))
                .isEqualTo(largest);

        AtomicBoolean sent = new AtomicBoolean(true);
        harness.onLoop(client, () -> sent.set(big.connection.get().send(
                ByteBuffer.allocate(Network.MAX_FRAME_PAYLOAD_BYTES + 1))));
        assertThat(sent).as("oversized send accepted").isFalse();
        harness.await("oversized sender closed", () -> !big.closes.isEmpty(), WAIT_MS);
        assertThat(big.closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.FRAME_TOO_LARGE);

        harness.onLoop(client, () -> assertThat(other.connection.get().send(ByteBuffer.wrap(pattern(1, 10)))).isTrue());
        harness.await("other connection still works",
                () -> accepted.stream().anyMatch(r -> r.frames.size() == 1 && r.frames.get(0).length == 10), WAIT_MS);
        assertThat(other.closes).isEmpty();
    }

    @Test
    void closingTheListenerKeepsAcceptedConnectionsAndRefusesNewOnes() {
        List<Recorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, true);
        Recorder c = connect(listener.address());
        harness.await("accept", () -> accepted.size() == 1, WAIT_MS);
        harness.onLoop(server, () -> {
            listener.close();
            listener.close();
        });
        harness.onLoop(client, () -> c.connection.get().send(ByteBuffer.wrap(pattern(3, 100))));
        harness.await("echo after listener closed", () -> c.frames.size() == 1, WAIT_MS);

        AtomicReference<String> failure = new AtomicReference<>();
        harness.onLoop(client, () -> client.network().connect(listener.address(), 3_000, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection conn) {
                return new Recorder();
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                failure.set(reason);
            }
        }));
        harness.await("refused after listener closed", () -> failure.get() != null, WAIT_MS);
    }

    @Test
    void listeningTwiceOnOneAddressFails() {
        List<Recorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = listen(accepted, false);
        assertThatThrownBy(() -> harness.onLoop(server,
                () -> server.network().listen(listener.address(), c -> new Recorder())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(listener.address().port()));
    }

    @Test
    void eventsRunOnTheNodeLoop() {
        List<Recorder> accepted = new CopyOnWriteArrayList<>();
        AtomicBoolean offLoop = new AtomicBoolean();
        Listener listener = harness.onLoop(server, () -> server.network().listen(harness.anyPort(server), c -> {
            if (!harness.isLoopThread(server)) {
                offLoop.set(true);
            }
            Recorder r = new Recorder() {
                @Override
                public void onFrame(Connection conn, ByteBuffer frame) {
                    if (!harness.isLoopThread(server)) {
                        offLoop.set(true);
                    }
                    super.onFrame(conn, frame);
                }
            };
            accepted.add(r);
            return r;
        }));
        Recorder c = connect(listener.address());
        harness.onLoop(client, () -> c.connection.get().send(ByteBuffer.wrap(pattern(1, 5))));
        harness.await("frame", () -> accepted.size() == 1 && accepted.get(0).frames.size() == 1, WAIT_MS);
        assertThat(offLoop).as("a callback ran off the node's loop").isFalse();
    }
}
