package io.petrel.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for real nodes: a port the kernel handed out and released just now. Another
 * program may take it before a node binds it; a node that then fails to start says so.
 */
public final class FreePorts {

    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port p such that p − 2, p and p + 1 are all free (a broker's VIP, main and HA ports). */
    public static int nextBrokerPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = next();
            if (p > 1026 && free(p - 2) && free(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no free broker port triple found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
