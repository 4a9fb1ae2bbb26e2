package io.petrel.client;

import java.util.TreeMap;

/**
 * RocketMQ's send-latency fault avoidance: a broker that answered slowly, or not at all, is
 * avoided for a while that grows with its latency (up to 10 minutes for a failure). Only used when
 * {@code sendLatencyFaultEnable} is on.
 */
final class LatencyFaultTolerance {

    private static final long[] LATENCY_MAX_MS = {50, 100, 550, 1_000, 2_000, 3_000, 15_000};
    private static final long[] NOT_AVAILABLE_MS = {0, 0, 30_000, 60_000, 120_000, 180_000, 600_000};
    private static final long FAILURE_LATENCY_MS = 30_000;

    private final TreeMap<String, Long> availableAfterNanos = new TreeMap<>();

    /** Records a send's latency, or a failure ({@code failed}). */
    void update(String brokerName, long latencyMs, boolean failed, long nowNanos) {
        long latency = failed ? FAILURE_LATENCY_MS : latencyMs;
        long pause = 0;
        for (int i = LATENCY_MAX_MS.length - 1; i >= 0; i--) {
            if (latency >= LATENCY_MAX_MS[i]) {
                pause = NOT_AVAILABLE_MS[i];
                break;
            }
        }
        if (pause == 0) {
            availableAfterNanos.remove(brokerName);
        } else {
            availableAfterNanos.put(brokerName, nowNanos + pause * 1_000_000L);
        }
    }

    boolean isAvailable(String brokerName, long nowNanos) {
        Long after = availableAfterNanos.get(brokerName);
        return after == null || nowNanos >= after;
    }
}
