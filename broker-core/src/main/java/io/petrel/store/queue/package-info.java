/**
 * Consume queues: one per topic queue, 20-byte entries pointing into the commit log, built by the
 * dispatcher, with filler rules, idempotent writes, recovery cuts and expiry
 * ({@link io.petrel.store.queue.ConsumeQueue}, {@link io.petrel.store.queue.ConsumeQueueTable}).
 *
 * <p>May use {@code io.petrel.env}, {@code io.petrel.common}, {@code io.petrel.store.format},
 * {@code io.petrel.store.file} and the commit log's value types. Driven by the node's loop. Crash
 * behaviour: entries not yet flushed may be lost or torn; each queue tracks the commit-log offset
 * below which its entries are durable, and recovery cuts it back there for the dispatcher to rebuild.
 */
package io.petrel.store.queue;
