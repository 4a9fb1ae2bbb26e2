/**
 * The message store: RocketMQ's CommitLog, ConsumeQueue and IndexFile in their exact formats, with
 * flush, crash recovery and retention. {@link io.petrel.store.MessageStore} is the composition root the
 * broker talks to; it wires the parts in the sub-packages ({@code format}, {@code file},
 * {@code commitlog}, {@code queue}, {@code index}) with the services here: flushing
 * ({@link io.petrel.store.CommitLogFlushService}, {@link io.petrel.store.ConsumeQueueFlushService}),
 * dispatch, recovery ({@link io.petrel.store.StoreRecovery}), retention
 * ({@link io.petrel.store.CleanService}), the read side and the checkpoint.
 *
 * <p>May use {@code io.petrel.env} (Disk, Clock, Scheduler, NodeLog only), {@code io.petrel.config},
 * {@code io.petrel.common} and its own sub-packages. Single-threaded: every call and callback runs on
 * the node's loop; periodic work is scheduled on it.
 *
 * <p>Crash behaviour: an acknowledged SYNC_FLUSH put survives a process crash and a power loss; an
 * ASYNC_FLUSH put survives a process crash. Recovery finds the commit log's valid end by checking every
 * record from the checkpoint's durable offsets, cuts and zeroes a torn tail, reports (never serves)
 * damaged records before it, and rebuilds consume-queue and index entries from the commit log. Every
 * offset the checkpoint records is a lower bound of what completed forces made durable.
 *
 * <p>A record's header fields have no CRC (only the body has, in RocketMQ's format), so a flipped bit
 * in its queue offset reads back as a valid record. Petrel does better than RocketMQ 4.9, which files
 * such a record wherever it claims: a queue offset is believed only where it fits the log. It cannot
 * be negative, cannot exceed what the log before the record could hold, cannot jump further past
 * its queue's end than the bytes since the queue's last record have room for, cannot take a slot
 * another record holds, and, when a queue is rebuilt from the commit log, a record that jumps ahead
 * is left out if the queue's next record claims a lower offset and continues the queue. Each is
 * logged and counted, never served. A record left out that lies past every record of its queue
 * still took a slot there when it was put, so the queue's next slot gets a left-out entry (a filler
 * naming the record): readers skip it, and a slave sends them to its master for it rather than
 * letting them wait at an end its master has passed.
 */
package io.petrel.store;
