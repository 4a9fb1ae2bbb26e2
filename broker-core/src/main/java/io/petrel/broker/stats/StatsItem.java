package io.petrel.broker.stats;

import io.petrel.common.BrokerStatsItem;

/**
 * One statistic of one key (RocketMQ's {@code StatsItem}), e.g. the messages put to one topic: a
 * running total, how many increments made it, and three windows sampled by the broker's stats
 * timers — every 10 s over a minute, every 10 min over an hour, every hour over a day — from
 * which VIEW_BROKER_STATS_DATA answers sum, rate and average per increment. Adding is two
 * additions; everything else happens on the sampling ticks. Nothing survives a restart.
 */
final class StatsItem {

    static final long MINUTE_TICK_MS = 10_000;
    static final long HOUR_TICK_MS = 600_000;
    static final long DAY_TICK_MS = 3_600_000;

    private long value;
    private long times;
    private final CounterWindow minute = new CounterWindow(7);
    private final CounterWindow hour = new CounterWindow(7);
    private final CounterWindow day = new CounterWindow(25);

    /** Starts every window with a zero sample, so what is added before the first tick counts. */
    StatsItem(long createdNanos) {
        minute.sample(createdNanos, 0, 0);
        hour.sample(createdNanos, 0, 0);
        day.sample(createdNanos, 0, 0);
    }

    void add(long amount) {
        value += amount;
        times++;
    }

    long value() {
        return value;
    }

    void sampleMinute(long nowNanos) {
        minute.sample(nowNanos, value, times);
    }

    void sampleHour(long nowNanos) {
        hour.sample(nowNanos, value, times);
    }

    void sampleDay(long nowNanos) {
        day.sample(nowNanos, value, times);
    }

    /** The rate over the last minute, for a group's consume TPS. */
    double minuteTps() {
        return minute.deltaOverAll().perSecond();
    }

    BrokerStatsItem inMinute() {
        return view(minute);
    }

    BrokerStatsItem inHour() {
        return view(hour);
    }

    BrokerStatsItem inDay() {
        return view(day);
    }

    private static BrokerStatsItem view(CounterWindow window) {
        CounterWindow.Delta d = window.deltaOverAll();
        return new BrokerStatsItem(d.value(), d.perSecond(), d.perIncrement());
    }
}
