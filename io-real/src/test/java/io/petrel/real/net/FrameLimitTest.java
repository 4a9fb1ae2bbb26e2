package io.petrel.real.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.Listener;
import io.petrel.env.Network;
import io.petrel.real.RecordingLog;
import io.petrel.real.loop.NodeLoop;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The frame limit is 16 MiB unless RocketMQ's own system property {@code com.rocketmq.remoting.frameMaxLength}
 * sets another; a frame over it closes that connection with a logged reason, and a bad value is
 * refused naming the property and the value.
 */
class FrameLimitTest {

    private final RecordingLog log = new RecordingLog();
    private NettyTransport transport;
    private NodeLoop loop;
    private NettyNetwork network;

    @AfterEach
    void stop() {
        System.clearProperty(FrameFormat.MAX_FRAME_PROPERTY);
        if (network != null) {
            network.close(5_000);
        }
        if (loop != null) {
            loop.stop();
        }
        if (transport != null) {
            transport.close();
        }
    }

    @Test
    void withoutThePropertyTheLimitIsSixteenMebibytes() {
        assertThat(FrameFormat.maxPayloadBytes(null)).isEqualTo(Network.MAX_FRAME_BYTES - 4).isEqualTo(16 * 1024 * 1024 - 4);
        assertThat(FrameFormat.maxPayloadBytes(" 4096 ")).isEqualTo(4092);
    }

    @Test
    void aBadValueIsRefusedNamingThePropertyAndTheValue() {
        for (String bad : List.of("lots", "-1", "12", "99999999999")) {
            assertThatThrownBy(() -> FrameFormat.maxPayloadBytes(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("com.rocketmq.remoting.frameMaxLength")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void aFrameOverAConfiguredLimitClosesItsConnectionWithALoggedReason() throws IOException {
        System.setProperty(FrameFormat.MAX_FRAME_PROPERTY, "2048");
        transport = new NettyTransport(1);
        loop = new NodeLoop("limit", log);
        network = new NettyNetwork(transport, loop, log);
        List<FrameRecorder> accepted = new CopyOnWriteArrayList<>();
        Listener listener = loop.call(() -> network.listen(new Address("127.0.0.1", 0), c -> {
            FrameRecorder r = new FrameRecorder(false);
            r.connection.set(c);
            accepted.add(r);
            return r;
        }), 5_000);
        Address address = listener.address();

        try (Socket fits = new Socket(address.host(), address.port())) {
            DataOutputStream out = new DataOutputStream(fits.getOutputStream());
            out.writeInt(2044);
            out.write(new byte[2044]);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> accepted.size() == 1 && accepted.get(0).frames.size() == 1);
        }
        try (Socket tooBig = new Socket(address.host(), address.port())) {
            DataOutputStream out = new DataOutputStream(tooBig.getOutputStream());
            out.writeInt(2045);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> accepted.size() == 2 && !accepted.get(1).closes.isEmpty());
        }
        assertThat(accepted.get(1).closes).extracting(CloseCause::kind).containsExactly(CloseCause.Kind.FRAME_TOO_LARGE);
        assertThat(accepted.get(1).frames).isEmpty();
        assertThat(log.lines).anySatisfy(line -> {
            assertThat(line.level()).isEqualTo("WARN");
            assertThat(line.text()).contains("received a frame length of 2045 bytes; the limit is 2044");
        });
    }
}
