/**
 * Master/slave replication, wire-compatible with Apache RocketMQ 4.9's HA stream in both
 * directions: {@link io.petrel.ha.HaMaster} serves slaves on {@code haListenPort} (one
 * {@link io.petrel.ha.HaMasterConnection} each), {@link io.petrel.ha.HaSlave} follows a master and
 * appends its commit log byte for byte at the same offsets; the bytes on the stream are
 * {@link io.petrel.ha.HaFormat}'s. The store decides when a put is acknowledged
 * ({@code store.PutAcknowledger}); this package answers its question for a SYNC_MASTER
 * ({@code store.ReplicaAcks}).
 *
 * <p>Where Petrel differs from RocketMQ 4.9, on purpose:
 * <ul>
 *   <li>Acknowledgements belong to a connection and count only for bytes that connection was sent,
 *       so a stray peer on the HA port acknowledges nothing (4.9 keeps one offset any peer raises:
 *       apache/rocketmq#3015, #1155).</li>
 *   <li>A SYNC_FLUSH master sends a slave only what it made durable, so a slave never holds bytes
 *       its master's power loss could take back.</li>
 *   <li>A SYNC_MASTER under ASYNC_FLUSH shows consumers a record only once a slave holds it
 *       ({@link io.petrel.ha.HaMaster#replicatedEnd}) or a force covers it, so a consumer never
 *       commits past a record its master's power loss takes back (4.9 shows it at once; the
 *       acknowledged messages that later reuse those queue offsets are then skipped).</li>
 *   <li>Divergence, the case 4.9 gets wrong. After an abnormal stop an ASYNC_FLUSH master that has
 *       had a slave holds client writes until a slave hands back the tail it lost
 *       ({@link io.petrel.ha.HaRecovery}, {@link io.petrel.ha.PushTail}: Petrel's one request of
 *       its own), or shows it has none; a SYNC_MASTER waits for that, an ASYNC_MASTER at most 30 s.
 *       Before every connection a slave checks its log against its master's
 *       ({@link io.petrel.ha.SlaveCatchUp}, with RocketMQ's own GET_BROKER_RUNTIME_INFO and
 *       VIEW_MESSAGE_BY_ID): where they part it cuts its log back to the last record both hold,
 *       logging how many bytes it dropped, so it never serves bytes its master does not have at
 *       those offsets. 4.9 refuses a slave that is ahead forever, and serves a same-length tail with
 *       different content unnoticed.</li>
 *   <li>The first report goes out at once (4.9 waits {@code haSendHeartbeatInterval}), and a slave
 *       drops a master silent for {@code haHousekeepingInterval} (4.9's check never fires).</li>
 * </ul>
 *
 * <p>Everything runs on the broker's loop over the env's byte-stream seam. A crash of either side
 * closes the stream; the slave reconnects every 5 s, checks its log again, and reports where it is.
 */
package io.petrel.ha;
