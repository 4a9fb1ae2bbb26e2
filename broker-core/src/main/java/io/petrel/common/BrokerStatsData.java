package io.petrel.common;

/** VIEW_BROKER_STATS_DATA's body: one statistic over the last minute, hour and day. */
public record BrokerStatsData(BrokerStatsItem statsMinute, BrokerStatsItem statsHour, BrokerStatsItem statsDay) {
}
