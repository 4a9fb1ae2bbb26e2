/**
 * Queue locks for orderly consumption (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ): which member of a group
 * owns which queue, with expiry so a crashed member's queues move on. Uses {@code io.petrel.env}'s
 * clock only. In memory; after a restart no lock is granted until any lock from before could have
 * expired.
 */
package io.petrel.broker.rebalance;
