package io.petrel.store;

import io.petrel.common.message.HostAddress;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the store needs from its broker and machine beyond its config, read once by the io-real main
 * (or fixed by a simulation): the cluster name stored as {@code CLUSTER} (null: none), the store host
 * ({@code brokerIP1:listenPort}, which goes into every record and offsetMsgId), the time zone for
 * {@code deleteWhen} and index file names, the machine's RAM (for "in memory" pull limits), and
 * whether the store is a slave's copy of its master's log ({@code replica}: recovery then cuts at
 * damage instead of skipping it, since the master holds the good copy).
 */
public record StoreContext(String clusterName, HostAddress storeHost, ZoneId zone, long totalPhysicalMemoryBytes,
        boolean replica) {

    public StoreContext {
        Objects.requireNonNull(storeHost, "storeHost");
        Objects.requireNonNull(zone, "zone");
    }

    /** A master's (or a lone broker's) store. */
    public StoreContext(String clusterName, HostAddress storeHost, ZoneId zone, long totalPhysicalMemoryBytes) {
        this(clusterName, storeHost, zone, totalPhysicalMemoryBytes, false);
    }
}
