package io.petrel.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A chaos run's link proxy against an echo server on 127.0.0.1: pass, blackhole and heal, reset. */
class LinkProxyTest {

    private ServerSocket echo;
    private LinkProxy proxy;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket();
        echo.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread c = new Thread(() -> echoAll(s));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = new LinkProxy("a->b", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private static void echoAll(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] b = new byte[1024];
            for (int n; (n = in.read(b)) >= 0; ) {
                out.write(b, 0, n);
            }
        } catch (IOException ignored) {
            // The test reset it.
        }
    }

    private Socket dial() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 2_000);
        s.setSoTimeout(500);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        return read(s, text.length());
    }

    private static String read(Socket s, int n) throws IOException {
        byte[] b = s.getInputStream().readNBytes(n);
        return new String(b);
    }

    @Test
    void bytesPassBothWays() throws IOException {
        try (Socket s = dial()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void aBlackholeHoldsEverythingUntilTheHealAndLosesNothing() throws IOException {
        try (Socket s = dial()) {
            assertThat(roundTrip(s, "one")).isEqualTo("one");
            proxy.setMode(LinkProxy.Mode.BLACKHOLE);
            s.getOutputStream().write("two".getBytes());
            assertThatThrownBy(() -> read(s, 3)).as("nothing comes back through a blackhole")
                    .isInstanceOf(SocketTimeoutException.class);
            try (Socket late = dial()) {
                late.getOutputStream().write("new".getBytes());
                assertThatThrownBy(() -> read(late, 3)).as("a new connection is not dialled on")
                        .isInstanceOf(SocketTimeoutException.class);
                proxy.setMode(LinkProxy.Mode.PASS);
                late.setSoTimeout(5_000);
                assertThat(read(late, 3)).isEqualTo("new");
            }
            s.setSoTimeout(5_000);
            assertThat(read(s, 3)).as("what was held flows on after the heal").isEqualTo("two");
            assertThat(roundTrip(s, "three")).isEqualTo("three");
        }
    }

    @Test
    void aResetEndsEveryConnectionAndRefusesNewOnesUntilTheHeal() throws IOException {
        try (Socket s = dial()) {
            assertThat(roundTrip(s, "one")).isEqualTo("one");
            proxy.setMode(LinkProxy.Mode.RESET);
            s.setSoTimeout(5_000);
            assertThatThrownBy(() -> {
                s.getOutputStream().write("two".getBytes());
                if (s.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }).as("the connection is reset").isInstanceOf(IOException.class);
            try (Socket during = dial()) {
                during.setSoTimeout(5_000);
                assertThatThrownBy(() -> {
                    during.getOutputStream().write("x".getBytes());
                    if (during.getInputStream().read() < 0) {
                        throw new IOException("closed");
                    }
                }).as("a new connection is reset at once").isInstanceOf(IOException.class);
            }
            proxy.setMode(LinkProxy.Mode.PASS);
            try (Socket after = dial()) {
                assertThat(roundTrip(after, "back")).isEqualTo("back");
            }
        }
    }

    @Test
    void linksCutOnlyWhatCrossesTheTwoSidesAndTheClientsDialTheirOwnProxy() throws IOException {
        try (Links links = new Links()) {
            links.server("namesrv-1", new Address("127.0.0.1", echo.getLocalPort()));
            links.via("broker-a", "namesrv-1", echo.getLocalPort());
            links.via("broker-b", "namesrv-1", echo.getLocalPort());
            assertThat(links.nodes()).containsExactly(Links.CLIENTS, "namesrv-1", "broker-a", "broker-b");
            assertThat(links.set(List.of("broker-a"), List.of("namesrv-1"), LinkProxy.Mode.BLACKHOLE)).isEqualTo(1);
            assertThat(links.set(List.of("namesrv-1"), List.of("broker-a", "broker-b", Links.CLIENTS),
                    LinkProxy.Mode.RESET)).isEqualTo(3);
            Address direct = new Address("127.0.0.1", echo.getLocalPort());
            assertThat(links.dialViaFor().apply(direct).port()).as("the clients' own proxy")
                    .isNotEqualTo(echo.getLocalPort());
            Address unknown = new Address("127.0.0.1", 1);
            assertThat(links.dialViaFor().apply(unknown)).isEqualTo(unknown);
        }
    }
}
