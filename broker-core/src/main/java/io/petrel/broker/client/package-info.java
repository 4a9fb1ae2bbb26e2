/**
 * Who is connected: consumer groups (channels, subscriptions, consume type and model) and producer
 * groups, learned from heartbeats, forgotten on unregister, on a closed connection, or after
 * {@code clientChannelExpiredMillis} without a heartbeat. Membership changes are announced to the
 * group's members (NOTIFY_CONSUMER_IDS_CHANGED) so they rebalance at once. Single-threaded on the
 * broker's loop; nothing here survives a restart: clients heartbeat again within 30 s.
 */
package io.petrel.broker.client;
