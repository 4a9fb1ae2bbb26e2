/**
 * What makes a broker a slave beyond replication: copying its master's topics, groups, committed
 * offsets and delay offsets ({@link io.petrel.broker.slave.SlaveSynchronize}). Replication of the
 * commit log itself is package {@code io.petrel.ha}. Runs on the broker's loop; after a crash the
 * next round copies again.
 */
package io.petrel.broker.slave;
