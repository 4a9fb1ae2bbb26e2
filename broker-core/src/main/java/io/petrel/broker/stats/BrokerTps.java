package io.petrel.broker.stats;

import java.util.Locale;

/**
 * The broker's whole-traffic rates as GET_BROKER_RUNTIME_INFO reports them (RocketMQ's
 * {@code StoreStatsService}): the totals are sampled once a second into rings covering ten
 * minutes, and each rate is given over 10 s, 1 min and 10 min as {@code "a b c"} with two
 * decimals — clusterList reads the first number as InTPS/OutTPS.
 */
final class BrokerTps {

    static final long TICK_MS = 1_000;
    private static final int TEN_MINUTES = 600;

    private final CounterWindow put = new CounterWindow(TEN_MINUTES + 1);
    private final CounterWindow transferred = new CounterWindow(TEN_MINUTES + 1);
    private final CounterWindow found = new CounterWindow(TEN_MINUTES + 1);
    private final CounterWindow missed = new CounterWindow(TEN_MINUTES + 1);

    void sample(long nowNanos, BrokerStatsManager.Totals t) {
        put.sample(nowNanos, t.putMessages(), 0);
        transferred.sample(nowNanos, t.getMessages(), 0);
        found.sample(nowNanos, t.pullsFound(), 0);
        missed.sample(nowNanos, t.pullsMissed(), 0);
    }

    String putTps() {
        return threeWindows(put);
    }

    String getTransferedTps() {
        return threeWindows(transferred);
    }

    String getFoundTps() {
        return threeWindows(found);
    }

    String getMissTps() {
        return threeWindows(missed);
    }

    String getTotalTps() {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", sum(10), sum(60), sum(TEN_MINUTES));
    }

    private double sum(int seconds) {
        return found.deltaOver(seconds).perSecond() + missed.deltaOver(seconds).perSecond();
    }

    private static String threeWindows(CounterWindow w) {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", w.deltaOver(10).perSecond(), w.deltaOver(60).perSecond(),
                w.deltaOver(TEN_MINUTES).perSecond());
    }
}
