/**
 * The commit log: encoding and checking messages for storage ({@link io.petrel.store.commitlog.MessageEncoder}:
 * the WAIT/CLUSTER and delay rewrites, size limits), appending single messages, batches and raw
 * replicated bytes ({@link io.petrel.store.commitlog.CommitLog}), assigning queue offsets, reading
 * records back ({@link io.petrel.store.commitlog.CommitLogScanner}), and what each record tells the
 * consume queues and the index ({@link io.petrel.store.commitlog.DispatchRequest}).
 *
 * <p>May use {@code io.petrel.env}, {@code io.petrel.common}, {@code io.petrel.store.format} and
 * {@code io.petrel.store.file}. Driven by the node's loop. Crash behaviour: an append is one write into
 * the page cache; durability and the valid end after a crash are decided by the store's flush and
 * recovery services.
 */
package io.petrel.store.commitlog;
