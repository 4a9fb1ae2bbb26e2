/**
 * The NameServer: a stateless route registry. Brokers register with every NameServer
 * periodically; clients ask any NameServer for topic routes and cluster info. Several NameServers
 * share nothing: each learns everything from the brokers, so a restarted NameServer relearns its
 * tables within one registration period. Only the KV config namespaces are persisted (through the
 * Disk seam, at kvConfigPath).
 *
 * <p>Liveness: a broker not heard from within {@code brokerExpiredMillis} (120 s) is removed by a
 * scan every {@code scanNotActiveBrokerInterval}; a closed broker connection removes it at once.
 * Single-threaded on the node's loop.
 */
package io.petrel.namesrv;
