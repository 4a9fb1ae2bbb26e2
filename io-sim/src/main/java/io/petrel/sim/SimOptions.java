package io.petrel.sim;

/**
 * The simulated world's physical constants. Defaults are a LAN with an SSD; scenarios change
 * them per seed. Mutable builder-style setters, used before the simulator starts.
 */
public final class SimOptions {

    /** Wall-clock time at virtual time zero: 2026-01-01T00:00:00Z. */
    long epochMs = 1_767_225_600_000L;
    /** Every frame takes at least this long. */
    long latencyMinMicros = 100;
    /** Mean of the exponential part of a frame's latency. */
    long latencyMeanExtraMicros = 300;
    /** No frame takes longer than this (before faults). */
    long latencyMaxMicros = 20_000;
    /**
     * A byte stream's send window: at most this many bytes sent on one side are on their way and
     * not yet read by the peer; more wait in the sender's backlog ({@code pendingBytes}). About a
     * socket's send buffer.
     */
    long streamWindowBytes = 256 * 1024;
    /** How long after a blackholed frame TCP gives up and resets the connection. */
    long tcpGiveUpMs = 300_000;
    /** A force takes at least this long. */
    long forceMinMicros = 200;
    /** Mean of the exponential part of a force's duration. */
    long forceMeanExtraMicros = 800;
    /** The simulated disk's capacity. */
    long diskTotalBytes = 64L << 30;
    /** Graceful shutdown that never calls back is turned into a crash after this long. */
    long shutdownGraceMs = 60_000;
    /** Number of recent log lines kept for failure reports. */
    int recentLogLines = 200;
    /**
     * After how many node events the simulator checks the invariants of the node whose event ran
     * ({@code Node.invariants()}): 1 checks after every event, 0 never.
     */
    int invariantCheckEvery = 1;

    public static SimOptions defaults() {
        return new SimOptions();
    }

    public SimOptions epochMs(long value) {
        epochMs = value;
        return this;
    }

    public SimOptions latencyMicros(long min, long meanExtra, long max) {
        if (min < 0 || meanExtra < 0 || max < min) {
            throw new IllegalArgumentException("bad latency " + min + "/" + meanExtra + "/" + max);
        }
        latencyMinMicros = min;
        latencyMeanExtraMicros = meanExtra;
        latencyMaxMicros = max;
        return this;
    }

    public SimOptions tcpGiveUpMs(long value) {
        tcpGiveUpMs = value;
        return this;
    }

    /** See {@link #streamWindowBytes}. */
    public SimOptions streamWindowBytes(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("streamWindowBytes must be positive: " + value);
        }
        streamWindowBytes = value;
        return this;
    }

    public SimOptions forceMicros(long min, long meanExtra) {
        forceMinMicros = min;
        forceMeanExtraMicros = meanExtra;
        return this;
    }

    public SimOptions diskTotalBytes(long value) {
        diskTotalBytes = value;
        return this;
    }

    public SimOptions recentLogLines(int value) {
        recentLogLines = value;
        return this;
    }

    /** See {@link #invariantCheckEvery}: 1 after every node event, N after every N-th, 0 never. */
    public SimOptions invariantCheckEvery(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative invariantCheckEvery " + value);
        }
        invariantCheckEvery = value;
        return this;
    }

    public long epochMs() {
        return epochMs;
    }
}
