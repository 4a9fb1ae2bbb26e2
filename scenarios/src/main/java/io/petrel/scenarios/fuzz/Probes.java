package io.petrel.scenarios.fuzz;

import java.util.List;

/**
 * The coverage probes a fuzz campaign must see fire at least once ("must happen sometimes"
 * points placed in broker-core with {@code NodeLog.probe}). A campaign in which one of them never
 * fired did not exercise what the faults are for, and fails.
 */
public final class Probes {

    /** Required in a campaign of at least {@link #MIN_SCENARIOS} scenarios. */
    public static final List<String> REQUIRED = List.of(
            "store-recovery-abnormal",
            "store-torn-tail-truncated",
            "store-crc-mismatch",
            "store-consume-queue-truncated",
            "store-disk-full-refused",
            "store-force-failed",
            "store-file-rolled",
            "broker-long-poll-timeout",
            "broker-long-poll-woken",
            "broker-client-channel-expired",
            "broker-consumer-gone-notify",
            "broker-retry-to-dlq",
            "broker-delay-delivered",
            "broker-delay-offset-restored",
            "broker-lock-refused",
            "broker-register-failed",
            "broker-acl-refused",
            "namesrv-broker-expired",
            "namesrv-broker-channel-closed",
            "client-send-retry-other-broker",
            "client-send-timeout",
            "client-sendback-fallback",
            "client-orderly-relock",
            "client-route-namesrv-failover",
            "client-rebalance-changed",
            "remoting-request-timeout");

    /** Below this many scenarios a campaign only reports probes; it does not fail on missing ones. */
    public static final int MIN_SCENARIOS = 500;

    private Probes() {
    }
}
