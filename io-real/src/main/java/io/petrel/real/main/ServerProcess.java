package io.petrel.real.main;

import io.petrel.real.RealRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a server main does around its node's life in the process. {@link #create} installs the
 * shutdown hook before the node starts, so SIGTERM (what {@code bin/mqshutdown} sends), SIGINT and
 * SIGHUP at any moment shut the node down gracefully: the runtime closes every node (a broker
 * unregisters, flushes and removes its abort file) and only then is the pid file removed, so the
 * file disappears after the work it announces is done. A process started with {@code nohup}
 * ignores SIGHUP (the JVM leaves ignored signals alone), which is what keeps it running after
 * its terminal closes.
 */
final class ServerProcess {

    private final RealRuntime runtime;
    private final Path pidDir;
    private final AtomicReference<PidFile> pidFile = new AtomicReference<>();
    private final AtomicReference<AutoCloseable> endpoint = new AtomicReference<>();

    private ServerProcess(RealRuntime runtime, Path pidDir) {
        this.runtime = runtime;
        this.pidDir = pidDir;
    }

    /** A runtime sized for this machine with the graceful shutdown hook installed. */
    static ServerProcess create() {
        ServerProcess process = new ServerProcess(RealRuntime.create(), Machine.pidDir());
        Runtime.getRuntime().addShutdownHook(new Thread(process::shutdown, "petrel-shutdown"));
        return process;
    }

    RealRuntime runtime() {
        return runtime;
    }

    /** Announces the running node in {@code <stem>.pid}; returns its path, or null when it could not be written. */
    Path announce(String stem, PrintStream err) {
        PidFile written = PidFile.write(pidDir, stem, err);
        pidFile.set(written);
        return written == null ? null : written.path();
    }

    /** Something to close before the runtime (the node's metrics endpoint, which reads the node). */
    void closeFirst(AutoCloseable closeable) {
        endpoint.set(closeable);
    }

    /** Closes the metrics endpoint and the runtime (idempotent), then removes the pid file. */
    void shutdown() {
        AutoCloseable first = endpoint.getAndSet(null);
        if (first != null) {
            try {
                first.close();
            } catch (Exception e) {
                // Stopping a listener cannot lose data; the node's own shutdown matters more.
            }
        }
        runtime.close();
        PidFile written = pidFile.getAndSet(null);
        if (written != null) {
            written.delete();
        }
    }
}
