package io.petrel.real;

import io.petrel.env.Clock;

/**
 * The production {@link Clock}: the operating system's wall clock and monotonic clock.
 *
 * <p>Stateless and safe from any thread. {@link #nowMs()} follows whatever NTP or an operator
 * does to the system clock, including steps backwards, which is exactly what the contract warns
 * callers about.
 */
public enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nowMs() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
