package io.petrel.sim;

/**
 * What a partition does to traffic from one host to another. A link with no mode is up.
 */
public enum LinkMode {
    /**
     * Frames and stream chunks vanish. A connection that lost one is broken for good: nothing it
     * sends later is delivered, and both ends see a RESET when the partition heals or when TCP
     * gives up. New connections time out.
     */
    BLACKHOLE,
    /**
     * Frames and stream chunks wait and are delivered, in order (frames whole), when the link heals.
     * New connections wait too.
     */
    CLOG,
    /** Connections across the link are reset at once; new ones are refused. */
    RESET
}
