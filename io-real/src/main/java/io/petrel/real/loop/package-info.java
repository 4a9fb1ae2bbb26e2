/**
 * One event-loop thread per node: the production {@link io.petrel.env.Scheduler}.
 *
 * <p>Owns the node's only logic thread, {@code petrel-<node>}. Netty IO threads and the disk flush
 * thread never call into a node; they {@link io.petrel.real.loop.NodeLoop#post post} events to
 * its loop. Blocking is confined to the facade methods that a runtime or a test calls from outside
 * the loop ({@link io.petrel.real.loop.NodeLoop#call}); the loop itself never waits.
 *
 * <p>On stop (graceful or not) queued and scheduled work is dropped, exactly as a crash would drop
 * it: no task of a stopped node ever runs again. May use the JDK only.
 */
package io.petrel.real.loop;
