/**
 * The production {@link io.petrel.env.Disk}: fixed-size memory-mapped files on the local file
 * system, and a flush thread per node that makes them durable.
 *
 * <p>Reads and writes are plain memory copies into the page cache on the node's loop; only
 * {@code force} and directory syncs (the calls that wait for the device) run on the node's
 * {@link io.petrel.real.disk.FlushThread}, whose completions are posted back to the loop.
 *
 * <p>Crash behaviour is the operating system's: a process crash keeps every write (they are in
 * the page cache); a power loss keeps what a completed force made durable. Mappings are released
 * by the garbage collector, never unmapped by hand, so a stale slice can never crash the JVM.
 */
package io.petrel.real.disk;
