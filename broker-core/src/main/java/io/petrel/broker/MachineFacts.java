package io.petrel.broker;

import java.time.ZoneId;

/**
 * What a broker needs to know about its machine that configuration does not say: the time zone
 * {@code deleteWhen} hours are in, and the memory that bounds RocketMQ's "message still in memory"
 * window. The io-real main reads them once; simulations fix them.
 */
public record MachineFacts(ZoneId zone, long totalPhysicalMemoryBytes) {

    public static MachineFacts simulated() {
        return new MachineFacts(ZoneId.of("UTC"), 8L << 30);
    }
}
