package io.petrel.real.main;

import io.petrel.config.ConfigContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;

/** Reads, once, what configuration defaults may depend on. */
public final class Machine {

    private Machine() {
    }

    static ConfigContext context() {
        String home = System.getProperty("user.home");
        String petrelHome = firstNonBlank(System.getenv("ROCKETMQ_HOME"), System.getenv("PETREL_HOME"),
                System.getProperty("petrel.home"), System.getProperty("user.dir"));
        return new ConfigContext(home, petrelHome, hostAddress());
    }

    /** RocketMQ's choice: the first non-loopback, non-link-local IPv4 address, else 127.0.0.1. */
    public static String hostAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            return "127.0.0.1";
        }
        return "127.0.0.1";
    }

    static String logDir() {
        return firstNonBlank(System.getProperty("petrel.logDir"), System.getenv("PETREL_LOG_DIR"),
                System.getProperty("user.home") + "/logs/petrel");
    }

    /**
     * Where servers write their pid files: {@code -Dpetrel.pidDir} (the scripts pass it), else
     * PETREL_PID_DIR, else {@code ~/.petrel/run}, as {@code bin/mqshutdown} looks for them.
     */
    static Path pidDir() {
        return Path.of(firstNonBlank(System.getProperty("petrel.pidDir"), System.getenv("PETREL_PID_DIR"),
                System.getProperty("user.home") + "/.petrel/run")).toAbsolutePath();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
