package io.petrel.real.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.Connection;
import io.petrel.env.ConnectHandler;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import io.petrel.env.Network;
import io.petrel.real.RealSeamHarness;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real peer can do to a listening node that a simulated one cannot: write arbitrary bytes.
 * Each bad stream must close only its own connection, with the right cause, while a well-behaved
 * connection to the same listener keeps exchanging frames.
 */
class MalformedInputTest {

    private static final long WAIT_MS = 10_000;

    private RealSeamHarness harness;
    private Env server;
    private Env client;
    private Listener listener;
    private final List<FrameRecorder> accepted = new CopyOnWriteArrayList<>();
    private FrameRecorder wellBehaved;

    @BeforeEach
    void startServerAndAWellBehavedClient() {
        harness = new RealSeamHarness();
        server = harness.startNode("server");
        client = harness.startNode("client");
        listener = harness.onLoop(server, () -> server.network().listen(harness.anyPort(server), c -> {
            FrameRecorder r = new FrameRecorder(true);
            r.connection.set(c);
            accepted.add(r);
            return r;
        }));
        wellBehaved = connectNode();
    }

    @AfterEach
    void stopEverything() {
        harness.close();
    }

    @Test
    void negativeLengthClosesOnlyThatConnectionAsAProtocolError() throws IOException {
        try (Socket raw = rawConnect()) {
            new DataOutputStream(raw.getOutputStream()).writeInt(-5);
            assertClosedWith(serverSideOf(raw), CloseCause.Kind.PROTOCOL_ERROR);
        }
        assertWellBehavedConnectionStillExchangesFrames();
    }

    @Test
    void lengthAboveSixteenMebibytesClosesOnlyThatConnectionAsFrameTooLarge() throws IOException {
        try (Socket raw = rawConnect()) {
            new DataOutputStream(raw.getOutputStream()).writeInt(Network.MAX_FRAME_PAYLOAD_BYTES + 1);
            assertClosedWith(serverSideOf(raw), CloseCause.Kind.FRAME_TOO_LARGE);
        }
        assertWellBehavedConnectionStillExchangesFrames();
    }

    @Test
    void connectionClosedMidFrameIsAReset() throws IOException {
        FrameRecorder serverSide;
        try (Socket raw = rawConnect()) {
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.writeInt(100);
            out.write(new byte[10]);
            out.flush();
            serverSide = serverSideOf(raw);
        }
        assertClosedWith(serverSide, CloseCause.Kind.RESET);
        assertThat(serverSide.frames).isEmpty();
        assertWellBehavedConnectionStillExchangesFrames();
    }

    @Test
    void garbageAfterAValidFrameDeliversTheFrameThenClosesAsAProtocolError() throws IOException {
        try (Socket raw = rawConnect()) {
            OutputStream out = raw.getOutputStream();
            out.write(new byte[] {0, 0, 0, 3, 'a', 'b', 'c', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
            out.flush();
            FrameRecorder serverSide = serverSideOf(raw);
            assertClosedWith(serverSide, CloseCause.Kind.PROTOCOL_ERROR);
            assertThat(serverSide.frames).containsExactly("abc".getBytes(StandardCharsets.UTF_8));
        }
        assertWellBehavedConnectionStillExchangesFrames();
    }

    private Socket rawConnect() throws IOException {
        Address address = listener.address();
        return new Socket(address.host(), address.port());
    }

    private FrameRecorder serverSideOf(Socket raw) {
        AtomicReference<FrameRecorder> found = new AtomicReference<>();
        harness.await("server accepted the raw socket", () -> {
            for (FrameRecorder r : accepted) {
                if (r.connection.get().remoteAddress().port() == raw.getLocalPort()) {
                    found.set(r);
                    return true;
                }
            }
            return false;
        }, WAIT_MS);
        return found.get();
    }

    private void assertClosedWith(FrameRecorder serverSide, CloseCause.Kind kind) {
        harness.await("server closed the bad connection", () -> !serverSide.closes.isEmpty(), WAIT_MS);
        assertThat(serverSide.closes).extracting(CloseCause::kind).containsExactly(kind);
        assertThat(serverSide.connection.get().isOpen()).isFalse();
    }

    private void assertWellBehavedConnectionStillExchangesFrames() {
        int before = wellBehaved.frames.size();
        byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
        harness.onLoop(client, () -> assertThat(wellBehaved.connection.get().send(ByteBuffer.wrap(ping))).isTrue());
        harness.await("echo on the well-behaved connection", () -> wellBehaved.frames.size() == before + 1, WAIT_MS);
        assertThat(wellBehaved.frames.get(before)).isEqualTo(ping);
        assertThat(wellBehaved.closes).isEmpty();
    }

    private FrameRecorder connectNode() {
        FrameRecorder r = new FrameRecorder(false);
        AtomicReference<String> failure = new AtomicReference<>();
        harness.onLoop(client, () -> client.network().connect(listener.address(), 3_000, new ConnectHandler() {
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
        harness.await("node client connected", () -> r.connection.get() != null || failure.get() != null, WAIT_MS);
        assertThat(failure.get()).isNull();
        return r;
    }
}
