/**
 * The deterministic simulator: every node of a cluster on one event loop in virtual time.
 *
 * <p>One {@link io.petrel.sim.Simulator} owns one seed, one event queue ordered by (virtual time,
 * sequence number), and the simulated twins of the seams: {@link io.petrel.sim.SimNetwork}
 * (latency, partitions that blackhole, clog or reset, crashes seen by peers, for framed
 * connections and byte streams alike; streams are also cut and joined at random and have a send
 * window, so parsers and writers' flow control are tested) and
 * {@link io.petrel.sim.SimDisk} (Jimfs storage plus a durability model: process crash keeps the
 * page cache, power loss keeps only forced pages and tears the rest). Every random choice comes
 * from a stream derived from the seed, the node and the purpose ({@link io.petrel.sim.SeedStreams}),
 * so changing a workload does not reshuffle the fault schedule, and byte streams draw from
 * streams of their own, so runs without them keep the trace they always had. Every executed event is folded
 * into a {@link io.petrel.sim.TraceHash}; two runs of one seed must produce the same hash.
 *
 * <p>Everything here runs on the caller's thread. Nothing is static and mutable, so runs in one
 * JVM cannot influence each other.
 */
package io.petrel.sim;
