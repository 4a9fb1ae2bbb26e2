/**
 * The Broker: {@link io.petrel.broker.Broker} is the composition root that wires the topic table,
 * subscription groups, offsets, client membership, the message store, long polling, the schedule
 * service and the request processors (sub-packages) to a remoting server; its typed settings and
 * their keys ({@code BrokerConfig}) and the only way to change them at runtime
 * ({@code BrokerRuntimeConfig}) live here too. Uses broker-core's other packages and {@code io.petrel.env}
 * only; single-threaded on the node's loop.
 *
 * <p>Crashes. Messages: what the flush mode promises (see {@code io.petrel.store}). Metadata under
 * {@code storePathRootDir/config} is written whole through {@link io.petrel.common.DurableFile}, so
 * a crash leaves the old or the new file; a crash loses at most changes not yet durable: topic and
 * group changes of the last moment (restored by the admin's retry), offsets committed since the
 * last persist ({@code flushConsumerOffsetInterval}, re-delivered), the delay progress of the last
 * moment (re-delivered). Every file is read back by the mapper that wrote it, whatever its names'
 * and strings' lengths. A file that cannot be read anyway (a disk fault, a hand edit) stops the
 * start with exit status 3 and a message naming the file and what would be lost, but only when
 * starting without it would lose acknowledged messages or offsets:
 * <ul>
 *   <li>{@code topics.json}: exit 3; its topics' messages would be unroutable and refused to
 *       consumers, or stranded by a send re-creating the topic with default queues;</li>
 *   <li>{@code consumerOffset.json}: exit 3; groups would re-consume or skip messages;</li>
 *   <li>{@code delayOffset.json}: exit 3; every delayed message still stored would be delivered again;</li>
 *   <li>{@code subscriptionGroup.json}: moved aside to {@code subscriptionGroup.json.corrupt-<n>}
 *       with an ERROR, and the broker starts; only group settings are lost (groups come back with
 *       RocketMQ's defaults when next used, or when an admin re-creates them).</li>
 * </ul>
 * The store's checkpoint is the store's: one that cannot be read makes recovery scan the commit log
 * from its first file. See {@link io.petrel.broker.MetadataFiles}.
 */
package io.petrel.broker;
