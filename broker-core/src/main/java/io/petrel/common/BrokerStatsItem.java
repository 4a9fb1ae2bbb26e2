package io.petrel.common;

/** A counter over one window of VIEW_BROKER_STATS_DATA: total, rate per second, average. */
public record BrokerStatsItem(long sum, double tps, double avgpt) {
}
