/**
 * The message index over UNIQ_KEY and KEYS ({@link io.petrel.store.index.IndexService}, files in
 * RocketMQ's layout), with queries by key and time range.
 *
 * <p>May use {@code io.petrel.env}, {@code io.petrel.common}, {@code io.petrel.store.format},
 * {@code io.petrel.store.file} and the commit log's value types. Driven by the node's loop. Crash
 * behaviour: a process crash keeps every entry; after a power loss a file written past the durable
 * index offset is checked for consistency and, if torn, deleted and rebuilt from the commit log.
 * Query results are always checked against the commit log, so a stale entry can cost a result but
 * never return a wrong message.
 */
package io.petrel.store.index;
