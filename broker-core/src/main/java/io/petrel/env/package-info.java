/**
 * The seams: the only way NameServer, Broker, store and client logic touches time, the network,
 * the disk and randomness.
 *
 * <p>A node (one NameServer, one Broker, one client instance) is a single-threaded state machine.
 * It reacts to events delivered on its loop: a task or timer it scheduled, a connection accepted,
 * opened or closed, a frame or some stream bytes received, room to write again on a stream, a
 * {@code force} completed. It acts only through its
 * {@link io.petrel.env.Env}. Two implementations keep the contracts written on each interface:
 * {@code io-sim}, where every node of a cluster shares one deterministic loop in virtual time,
 * and {@code io-real}, where each node has its own loop thread, Netty carries frames and byte streams
 * and files are memory-mapped. The contract suites in this module's tests run against both.
 *
 * <p>What a crash does: when a node's process dies, none of its pending tasks, timers, frames or
 * force completions is ever delivered to it again; its peers see its connections close; its disk
 * keeps every byte written (the page cache survives a process crash). After a power loss the disk
 * keeps only what a completed {@code force} (and, for names, a directory sync) made durable.
 *
 * <p>This package holds interfaces and small value types only; it may use nothing but the JDK.
 */
package io.petrel.env;
