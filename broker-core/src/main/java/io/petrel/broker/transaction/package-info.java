/**
 * Transactional messages on a master (docs/protocol.md §6.8; RocketMQ 4.9's
 * {@code broker/transaction}): half messages in RMQ_SYS_TRANS_HALF_TOPIC, commit and rollback on
 * END_TRANSACTION, op records in RMQ_SYS_TRANS_OP_HALF_TOPIC, and the check service that asks
 * producers about unresolved half messages. The stored records are RocketMQ's (same topics, queue 0,
 * properties, op tag {@code d} with the half queue offset as body), so mqadmin and an Apache broker
 * reading the store see what they expect.
 *
 * <p>Where Petrel does better than RocketMQ 4.9:
 * <ul>
 *   <li>A repeated or late END_TRANSACTION is harmless: RocketMQ re-puts a commit each time one
 *       arrives (an END that crosses a check's answer delivers the message twice) and lets a rollback
 *       follow a commit. Petrel tracks each half message's phase ({@link HalfTable}); the first
 *       decision wins and later ones are answered "already resolved".</li>
 *   <li>The saved progress (CID_RMQ_SYS_TRANS's offsets) never claims an op record the disk could
 *       still lose. RocketMQ saves its scan position whatever was flushed, so after a power loss a
 *       half message whose op record (or committed message) was lost can be skipped for good.</li>
 *   <li>Checks do not append: RocketMQ re-appends every half message it asks about to the half queue
 *       (the commit log grows by a copy per check, and the producer's answer refers to the copy).
 *       Petrel keeps the count in memory and asks about the original; a restart starts the count
 *       again.</li>
 *   <li>Only asks written to a producer count towards {@code transactionCheckMax}, and a commit or
 *       rollback the store could not write starts the count again: RocketMQ counts rounds, so a
 *       producer group down for that many rounds (15 minutes by default), or a store refusing writes
 *       that long, loses unresolved transactions whose producers answered.</li>
 *   <li>Age is counted on the broker's monotonic clock from when it stored the half message (or read
 *       it back at a start), not from the producer's born time by the broker's wall clock: a producer's
 *       clock ahead of the broker's, or a broker clock stepped back, neither hastens nor holds off a
 *       check (RocketMQ compares its wall clock with the producer's born time, and asks at once
 *       whenever that difference is negative).</li>
 *   <li>A half message given up after {@code transactionCheckMax} asks gets an op record, so a
 *       restart does not ask about it (and copy it to TRANS_CHECK_MAX_TIME_TOPIC) again.</li>
 * </ul>
 * A half message carrying DELAY, or a batch holding half messages, is refused (RocketMQ would park
 * the first in SCHEDULE_TOPIC_XXXX and store the second as ordinary messages). Slaves do not run the
 * service; they replicate its records and copy its offsets. Single-threaded on the broker's loop.
 */
package io.petrel.broker.transaction;
