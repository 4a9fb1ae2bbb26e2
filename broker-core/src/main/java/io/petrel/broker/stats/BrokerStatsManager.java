package io.petrel.broker.stats;

import io.petrel.common.BrokerStatsData;
import io.petrel.env.Cancellable;
import io.petrel.env.Clock;
import io.petrel.env.Env;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The broker's traffic statistics (RocketMQ's {@code BrokerStatsManager} plus the parts of
 * {@code StoreStatsService} and {@code BrokerStats} the runtime info reads). The send and pull
 * paths call {@link #onPut} and {@link #onGet}: a few hash lookups and additions, nothing else.
 * Timers on the broker's loop sample the counters — every second for the broker's TPS, every
 * 10 s / 10 min / 1 h for the per-topic and per-group windows — and record the totals at local
 * midnight. Items are named and keyed as in RocketMQ ({@code TOPIC_PUT_NUMS} by topic,
 * {@code GROUP_GET_NUMS} by {@code topic@group}, {@code BROKER_PUT_NUMS} by cluster name), so
 * VIEW_BROKER_STATS_DATA and mqadmin statsAll find them. Nothing here survives a restart.
 */
public final class BrokerStatsManager {

    public static final String TOPIC_PUT_NUMS = "TOPIC_PUT_NUMS";
    public static final String TOPIC_PUT_SIZE = "TOPIC_PUT_SIZE";
    public static final String GROUP_GET_NUMS = "GROUP_GET_NUMS";
    public static final String GROUP_GET_SIZE = "GROUP_GET_SIZE";
    public static final String SNDBCK_PUT_NUMS = "SNDBCK_PUT_NUMS";
    public static final String BROKER_PUT_NUMS = "BROKER_PUT_NUMS";
    public static final String BROKER_GET_NUMS = "BROKER_GET_NUMS";

    /** The broker's running totals since start. */
    public record Totals(long putMessages, long putBytes, long getMessages, long getBytes, long pullsFound,
            long pullsMissed) {
    }

    private final String clusterName;
    private final Clock clock;
    private final Map<String, Map<String, StatsItem>> items = new LinkedHashMap<>();
    private final BrokerTps tps = new BrokerTps();
    private final DailyTotals daily = new DailyTotals();
    private final List<Cancellable> timers = new ArrayList<>();
    private long putMessages;
    private long putBytes;
    private long getMessages;
    private long getBytes;
    private long pullsFound;
    private long pullsMissed;

    public BrokerStatsManager(String clusterName, Clock clock) {
        this.clusterName = clusterName;
        this.clock = clock;
        for (String name : List.of(TOPIC_PUT_NUMS, TOPIC_PUT_SIZE, GROUP_GET_NUMS, GROUP_GET_SIZE, SNDBCK_PUT_NUMS,
                BROKER_PUT_NUMS, BROKER_GET_NUMS)) {
            items.put(name, new LinkedHashMap<>());
        }
    }

    // ---- the hot path -------------------------------------------------------------------------

    /** Messages stored by a send (not by the schedule service's re-puts). */
    public void onPut(String topic, int messages, long bytes) {
        putMessages += messages;
        putBytes += bytes;
        item(TOPIC_PUT_NUMS, topic).add(messages);
        item(TOPIC_PUT_SIZE, topic).add(bytes);
        item(BROKER_PUT_NUMS, clusterName).add(messages);
    }

    /** Messages handed to a consumer in a pull response. */
    public void onGet(String group, String topic, int messages, long bytes) {
        getMessages += messages;
        getBytes += bytes;
        pullsFound++;
        String key = topic + "@" + group;
        item(GROUP_GET_NUMS, key).add(messages);
        item(GROUP_GET_SIZE, key).add(bytes);
        item(BROKER_GET_NUMS, clusterName).add(messages);
    }

    /** A pull answered without messages. */
    public void onPullMiss() {
        pullsMissed++;
    }

    /** A message a consumer sent back for retry. */
    public void onSendBack(String group, String topic) {
        item(SNDBCK_PUT_NUMS, topic + "@" + group).add(1);
    }

    private StatsItem item(String name, String key) {
        Map<String, StatsItem> byKey = items.get(name);
        StatsItem item = byKey.get(key);
        if (item == null) {
            item = new StatsItem(clock.nanoTime());
            byKey.put(key, item);
        }
        return item;
    }

    // ---- sampling -----------------------------------------------------------------------------

    /** Starts the sampling timers on the broker's loop; {@code zone} decides where midnight is. */
    public void start(Env env, ZoneId zone) {
        repeat(env, BrokerTps.TICK_MS, () -> tps.sample(env.clock().nanoTime(), totals()));
        repeat(env, StatsItem.MINUTE_TICK_MS, () -> forEachItem(i -> i.sampleMinute(env.clock().nanoTime())));
        repeat(env, StatsItem.HOUR_TICK_MS, () -> forEachItem(i -> i.sampleHour(env.clock().nanoTime())));
        repeat(env, StatsItem.DAY_TICK_MS, () -> forEachItem(i -> i.sampleDay(env.clock().nanoTime())));
        scheduleMidnight(env, zone);
        tps.sample(env.clock().nanoTime(), totals());
        forEachItem(i -> i.sampleMinute(env.clock().nanoTime()));
    }

    public void stop() {
        timers.forEach(Cancellable::cancel);
        timers.clear();
    }

    private void repeat(Env env, long periodMs, Runnable sample) {
        timers.add(env.scheduler().schedule(periodMs, () -> {
            sample.run();
            repeat(env, periodMs, sample);
        }));
    }

    private void scheduleMidnight(Env env, ZoneId zone) {
        timers.add(env.scheduler().schedule(DailyTotals.millisToNextMidnight(env.clock().nowMs(), zone), () -> {
            daily.record(putMessages, getMessages);
            scheduleMidnight(env, zone);
        }));
    }

    private void forEachItem(Consumer<StatsItem> action) {
        items.values().forEach(byKey -> byKey.values().forEach(action));
    }

    // ---- reading ------------------------------------------------------------------------------

    public Totals totals() {
        return new Totals(putMessages, putBytes, getMessages, getBytes, pullsFound, pullsMissed);
    }

    /** One item over the last minute, hour and day, or null when nothing was ever counted for it. */
    public BrokerStatsData view(String name, String key) {
        Map<String, StatsItem> byKey = items.get(name);
        StatsItem item = byKey == null ? null : byKey.get(key);
        return item == null ? null : new BrokerStatsData(item.inMinute(), item.inHour(), item.inDay());
    }

    /** A group's pull rate on a topic over the last minute (ConsumeStats' consumeTps). */
    public double groupGetTps(String group, String topic) {
        StatsItem item = items.get(GROUP_GET_NUMS).get(topic + "@" + group);
        return item == null ? 0 : item.minuteTps();
    }

    /** Drops a deleted topic's items so a topic created again starts from zero. */
    public void removeTopic(String topic) {
        items.get(TOPIC_PUT_NUMS).remove(topic);
        items.get(TOPIC_PUT_SIZE).remove(topic);
        for (String name : List.of(GROUP_GET_NUMS, GROUP_GET_SIZE, SNDBCK_PUT_NUMS)) {
            items.get(name).keySet().removeIf(k -> k.startsWith(topic + "@"));
        }
    }

    /** The runtime-info entries these statistics own (values are strings, as RocketMQ sends them). */
    public Map<String, String> runtimeInfo() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("putTps", tps.putTps());
        m.put("getTransferedTps", tps.getTransferedTps());
        m.put("getFoundTps", tps.getFoundTps());
        m.put("getMissTps", tps.getMissTps());
        m.put("getTotalTps", tps.getTotalTps());
        m.put("msgPutTotalYesterdayMorning", Long.toString(daily.putYesterdayMorning()));
        m.put("msgPutTotalTodayMorning", Long.toString(daily.putTodayMorning()));
        m.put("msgPutTotalTodayNow", Long.toString(putMessages));
        m.put("msgGetTotalYesterdayMorning", Long.toString(daily.getYesterdayMorning()));
        m.put("msgGetTotalTodayMorning", Long.toString(daily.getTodayMorning()));
        m.put("msgGetTotalTodayNow", Long.toString(getMessages));
        return m;
    }
}
