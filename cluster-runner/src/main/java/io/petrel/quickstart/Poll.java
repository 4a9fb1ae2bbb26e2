package io.petrel.quickstart;

import java.util.function.Supplier;

/**
 * Bounded waiting for the quickstart, which has nothing to be told by: asks again every 100 ms
 * until the answer is non-null or the time is up. Failures while asking count as "not yet", and
 * the last one is reported if time runs out.
 */
final class Poll {

    private static final long INTERVAL_MS = 100;

    private Poll() {
    }

    static <T> T until(String what, long timeoutMs, Supplier<T> answer) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        RuntimeException last = null;
        while (true) {
            try {
                T value = answer.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new QuickstartException("timed out after " + timeoutMs / 1000 + " s waiting for " + what
                        + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QuickstartException("interrupted while waiting for " + what);
            }
        }
    }
}
