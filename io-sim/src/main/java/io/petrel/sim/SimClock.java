package io.petrel.sim;

import io.petrel.env.Clock;

/**
 * A machine's clock in virtual time. {@link #nowMs()} carries the machine's skew and drift
 * and can be stepped backwards; {@link #nanoTime()} is monotonic with an origin that changes at
 * every process start, as it does on a real machine.
 */
public final class SimClock implements Clock {

    private final Simulator sim;
    private final long epochMs;
    private long skewMs;
    private long driftPpm;
    private long driftSinceNanos;
    private long nanoOrigin;

    SimClock(Simulator sim, long epochMs) {
        this.sim = sim;
        this.epochMs = epochMs;
    }

    void onProcessStart(long randomBits) {
        // A fresh arbitrary origin in [1 s, ~18 min) so code cannot assume nanoTime starts at zero.
        nanoOrigin = 1_000_000_000L + ((randomBits >>> 1) % 1_000_000_000_000L);
    }

    @Override
    public long nowMs() {
        return epochMs + sim.nowNanos() / 1_000_000L + skewMs + accumulatedDriftMs();
    }

    @Override
    public long nanoTime() {
        return nanoOrigin + sim.nowNanos();
    }

    private long accumulatedDriftMs() {
        if (driftPpm == 0) {
            return 0;
        }
        long elapsedMs = (sim.nowNanos() - driftSinceNanos) / 1_000_000L;
        return elapsedMs * driftPpm / 1_000_000L;
    }

    /** Sets the machine's offset from true time; may be negative. */
    public void setSkewMs(long skew) {
        this.skewMs = skew;
    }

    public long skewMs() {
        return skewMs;
    }

    /** Makes the clock run fast (positive) or slow (negative) by {@code ppm} parts per million. */
    public void setDriftPpm(long ppm) {
        skewMs += accumulatedDriftMs();
        driftSinceNanos = sim.nowNanos();
        driftPpm = ppm;
    }

    /** Steps the wall clock back by {@code millis}, as an operator or NTP correcting it would. */
    public void stepBack(long millis) {
        skewMs -= millis;
    }

    /** Back to true time, no drift. */
    public void reset() {
        skewMs = 0;
        driftPpm = 0;
    }
}
