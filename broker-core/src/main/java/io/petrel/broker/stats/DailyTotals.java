package io.petrel.broker.stats;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The put and get totals as they stood at the last two local midnights (RocketMQ's
 * {@code BrokerStats}), for {@code clusterList -m}: "yesterday morning", "today morning", and the
 * running total "today now". Both start at 0, as RocketMQ's do, and a restart starts them again.
 */
final class DailyTotals {

    private long putYesterdayMorning;
    private long putTodayMorning;
    private long getYesterdayMorning;
    private long getTodayMorning;

    /** Called at local midnight with the running totals. */
    void record(long putTotal, long getTotal) {
        putYesterdayMorning = putTodayMorning;
        putTodayMorning = putTotal;
        getYesterdayMorning = getTodayMorning;
        getTodayMorning = getTotal;
    }

    long putYesterdayMorning() {
        return putYesterdayMorning;
    }

    long putTodayMorning() {
        return putTodayMorning;
    }

    long getYesterdayMorning() {
        return getYesterdayMorning;
    }

    long getTodayMorning() {
        return getTodayMorning;
    }

    /** Milliseconds from {@code nowMs} to the next midnight in {@code zone} (at least 1). */
    static long millisToNextMidnight(long nowMs, ZoneId zone) {
        long midnight = Instant.ofEpochMilli(nowMs).atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone)
                .toInstant().toEpochMilli();
        return Math.max(1, midnight - nowMs);
    }
}
