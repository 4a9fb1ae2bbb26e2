/**
 * The NameServer: a stateless route registry. Brokers register with every NameServer
 * periodically; clients ask any NameServer for topic routes and cluster info. Several NameServers
 * share nothing: each learns everything from the brokers, so a restarted NameServer relearns its
 * tables within one registration period. Only the KV config namespaces are persisted (through the
 * Disk seam, at kvConfigPath, as RocketMQ's kvConfig.json).
 *
 * <p>KV config is operator metadata, never messages, and any host that reaches the port may write
 * it, so it is bounded at the request ({@link io.petrel.namesrv.KvConfigManager}: namespace and key
 * at most 16,384 characters, a value at most 1,048,576, the file at most 8 MiB; refusals are
 * SYSTEM_ERROR naming the field) and can never keep a NameServer from starting: a kvConfig.json
 * that cannot be read (a disk fault, a hand edit) is moved aside to {@code kvConfig.json.corrupt-<n>}
 * with an ERROR naming both files, and the NameServer starts with an empty KV config.
 *
 * <p>Runtime config (UPDATE_NAMESRV_CONFIG) changes only allow-listed keys ({@link
 * io.petrel.namesrv.NamesrvRuntimeConfig}): never a path, class or command, so the request cannot
 * write files as RocketMQ's could (CVE-2023-37582); changes last until a restart.
 *
 * <p>Liveness: a broker not heard from within {@code brokerExpiredMillis} (120 s) is removed by a
 * scan every {@code scanNotActiveBrokerInterval}; a closed broker connection removes it at once.
 * Single-threaded on the node's loop; a crash loses at most the KV changes not yet made durable.
 */
package io.petrel.namesrv;
