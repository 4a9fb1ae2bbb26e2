package io.petrel.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One directed link of a chaos run as a TCP proxy on 127.0.0.1: the dialling node connects to
 * {@link #port()} instead of the target's port, and every byte passes through here, so a partition
 * can cut the link without touching the processes. Modes:
 * <ul>
 * <li>{@link Mode#PASS}: bytes flow both ways.
 * <li>{@link Mode#BLACKHOLE}: nothing flows, as when every packet is dropped: each direction holds
 *     what it read and stops reading, so the senders' buffers fill; a new connection is accepted but
 *     not dialled on; a close is not passed on. Back to PASS, everything held flows on, as TCP's
 *     retransmissions deliver it after a partition heals.
 * <li>{@link Mode#RESET}: every connection is reset (RST to both ends), and so is every new one.
 * </ul>
 * Threads: one accepting, two per connection (blocking IO); all are daemons and end with
 * {@link #close()}. Mode changes come from any thread.
 */
final class LinkProxy implements AutoCloseable {

    enum Mode { PASS, BLACKHOLE, RESET }

    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private final Object modeLock = new Object();
    private Mode mode = Mode.PASS;
    private boolean closed;

    /** A proxy listening on a free port of 127.0.0.1, forwarding to 127.0.0.1:{@code targetPort}. */
    LinkProxy(String name, int targetPort) {
        this.name = name;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException("link " + name + ": cannot listen on 127.0.0.1: " + e.getMessage(), e);
        }
        Thread accepting = new Thread(this::acceptLoop, "link-" + name + "-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String name() {
        return name;
    }

    Mode mode() {
        synchronized (modeLock) {
            return mode;
        }
    }

    /** Switches the link; RESET resets every connection at once. */
    void setMode(Mode next) {
        synchronized (modeLock) {
            mode = next;
            modeLock.notifyAll();
        }
        if (next == Mode.RESET) {
            pairs.forEach(Pair::reset);
        }
    }

    /** Stops accepting and resets every connection. */
    @Override
    public void close() {
        synchronized (modeLock) {
            closed = true;
            modeLock.notifyAll();
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a listening socket that failed to close leaves nothing more to do.
        }
        pairs.forEach(Pair::reset);
    }

    /** Waits while the link is a blackhole; true when bytes may flow, false when the connection must be reset. */
    private boolean awaitFlow() {
        synchronized (modeLock) {
            while (mode == Mode.BLACKHOLE && !closed) {
                try {
                    modeLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return mode == Mode.PASS && !closed;
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket from;
            try {
                from = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread dialing = new Thread(() -> connect(from), "link-" + name + "-dial");
            dialing.setDaemon(true);
            dialing.start();
        }
    }

    private void connect(Socket from) {
        if (!awaitFlow()) {
            resetQuietly(from);
            return;
        }
        Socket to = new Socket();
        try {
            to.setTcpNoDelay(true);
            from.setTcpNoDelay(true);
            to.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            // The target is down: the dialling node sees its connection refused, as without the proxy.
            resetQuietly(from);
            resetQuietly(to);
            return;
        }
        Pair pair = new Pair(from, to);
        pairs.add(pair);
        if (mode() == Mode.RESET) {
            pair.reset();
            return;
        }
        pair.start();
    }

    private static void resetQuietly(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (SocketException ignored) {
            // Not connected: a plain close below is all there is.
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    /** One proxied connection: the dialling node's socket and the target's. */
    private final class Pair {
        private final Socket from;
        private final Socket to;
        private boolean done;

        Pair(Socket from, Socket to) {
            this.from = from;
            this.to = to;
        }

        void start() {
            pump(from, to, "up");
            pump(to, from, "down");
        }

        private void pump(Socket in, Socket out, String direction) {
            Thread t = new Thread(() -> copy(in, out), "link-" + name + "-" + direction);
            t.setDaemon(true);
            t.start();
        }

        private void copy(Socket in, Socket out) {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream input = in.getInputStream();
                OutputStream output = out.getOutputStream();
                while (true) {
                    int n = input.read(buffer);
                    if (!awaitFlow()) {
                        reset();
                        return;
                    }
                    if (n < 0) {
                        close();
                        return;
                    }
                    output.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // One end reset or closed: so does the other, as a direct connection would.
                reset();
            }
        }

        synchronized void reset() {
            if (!done) {
                done = true;
                resetQuietly(from);
                resetQuietly(to);
                pairs.remove(this);
            }
        }

        private synchronized void close() {
            if (!done) {
                done = true;
                closeQuietly(from);
                closeQuietly(to);
                pairs.remove(this);
            }
        }

        private void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
    }

    @Override
    public String toString() {
        return "link " + name + " (127.0.0.1:" + port() + " -> 127.0.0.1:" + targetPort + ", " + mode() + ")";
    }
}
