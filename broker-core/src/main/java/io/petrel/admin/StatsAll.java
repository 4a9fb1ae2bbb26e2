package io.petrel.admin;

import io.petrel.common.BrokerData;
import io.petrel.common.BrokerStatsData;
import io.petrel.common.BrokerStatsItem;
import io.petrel.common.GroupList;
import io.petrel.common.MixAll;
import io.petrel.common.TopicRouteData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * statsAll: for every topic (or one), its put rate and 24-hour count summed over its masters
 * (VIEW_BROKER_STATS_DATA TOPIC_PUT_NUMS), and for every group consuming it the get rate and
 * count (GROUP_GET_NUMS of "topic@group") and the backlog (GET_CONSUME_STATS). Like mqadmin, a
 * statistic a broker cannot give counts as zero, and a topic that fails as a whole is left out.
 */
final class StatsAll {

    static final String TOPIC_PUT_NUMS = "TOPIC_PUT_NUMS";
    static final String GROUP_GET_NUMS = "GROUP_GET_NUMS";

    private final NamesrvAdmin namesrv;
    private final BrokerAdmin broker;
    private final ConsumerOperations consumers;

    StatsAll(NamesrvAdmin namesrv, BrokerAdmin broker, ConsumerOperations consumers) {
        this.namesrv = namesrv;
        this.broker = broker;
        this.consumers = consumers;
    }

    /** Rows for every topic but retry and dead-letter ones, or only {@code onlyTopic}; active-only drops idle ones. */
    Promise<List<StatsAllRow>> rows(String onlyTopic, boolean activeOnly) {
        return namesrv.allTopics().then(list -> {
            List<Promise<List<StatsAllRow>>> perTopic = new ArrayList<>();
            for (String topic : new TreeSet<>(list.topicList())) {
                boolean wanted = onlyTopic == null || onlyTopic.isEmpty() || onlyTopic.equals(topic);
                if (wanted && !MixAll.isRetryTopic(topic) && !MixAll.isDlqTopic(topic)) {
                    perTopic.add(topicRows(topic, activeOnly).recover(e -> Promise.of(List.of())));
                }
            }
            return Promise.all(perTopic);
        }).map(lists -> {
            List<StatsAllRow> rows = new ArrayList<>();
            lists.forEach(rows::addAll);
            return rows;
        });
    }

    private Promise<List<StatsAllRow>> topicRows(String topic, boolean activeOnly) {
        return namesrv.route(topic).then(route -> groups(route, topic).then(groups ->
                summed(masters(route), TOPIC_PUT_NUMS, topic).then(in -> {
                    if (groups.isEmpty()) {
                        boolean show = !activeOnly || in.sum() > 0;
                        return Promise.of(show ? List.of(new StatsAllRow(topic, null, 0, in.tps(), 0, in.sum(), 0))
                                : List.<StatsAllRow>of());
                    }
                    List<Promise<StatsAllRow>> rows = new ArrayList<>();
                    groups.forEach(g -> rows.add(groupRow(route, topic, g, in)));
                    return Promise.all(rows).map(all -> activeOnly ? active(all) : all);
                })));
    }

    private static List<StatsAllRow> active(List<StatsAllRow> rows) {
        List<StatsAllRow> kept = new ArrayList<>();
        rows.forEach(r -> {
            if (r.inMsg24Hour() > 0 || r.outMsg24Hour() > 0) {
                kept.add(r);
            }
        });
        return kept;
    }

    private Promise<StatsAllRow> groupRow(TopicRouteData route, String topic, String group, Total in) {
        return summed(masters(route), GROUP_GET_NUMS, topic + "@" + group).then(out ->
                consumers.consumeStats(group, topic).settled().map(stats -> {
                    long backlog = stats.isOk() ? Math.max(0, stats.value().totalDiff()) : 0;
                    return new StatsAllRow(topic, group, backlog, in.tps(), out.tps(), in.sum(), out.sum());
                }));
    }

    private Promise<Set<String>> groups(TopicRouteData route, String topic) {
        List<String> addresses = new ArrayList<>(ClusterView.routeAddresses(route).values());
        if (addresses.isEmpty()) {
            return Promise.of(new TreeSet<>());
        }
        return broker.topicConsumedBy(addresses.get(0), topic).map(GroupList::groupList)
                .map(g -> (Set<String>) (g == null ? new TreeSet<String>() : new TreeSet<>(g)))
                .recover(e -> Promise.of(new TreeSet<>()));
    }

    private static List<String> masters(TopicRouteData route) {
        List<String> masters = new ArrayList<>();
        if (route.brokerDatas() != null) {
            for (BrokerData data : route.brokerDatas()) {
                if (data.masterAddress() != null) {
                    masters.add(data.masterAddress());
                }
            }
        }
        return masters;
    }

    /** A rate and a 24-hour count summed over brokers. */
    record Total(double tps, long sum) {
    }

    private Promise<Total> summed(List<String> addresses, String statsName, String statsKey) {
        List<Promise<Settled<BrokerStatsData>>> calls = new ArrayList<>();
        addresses.forEach(a -> calls.add(broker.statsData(a, statsName, statsKey).settled()));
        return Promise.all(calls).map(outcomes -> {
            double tps = 0;
            long sum = 0;
            for (Settled<BrokerStatsData> o : outcomes) {
                if (o.isOk() && o.value().statsMinute() != null) {
                    tps += o.value().statsMinute().tps();
                    sum += daySum(o.value());
                }
            }
            return new Total(tps, sum);
        });
    }

    /** RocketMQ's 24-hour figure: the day's sum, else the hour's, else the minute's. */
    static long daySum(BrokerStatsData data) {
        for (BrokerStatsItem item : new BrokerStatsItem[] {data.statsDay(), data.statsHour(), data.statsMinute()}) {
            if (item != null && item.sum() != 0) {
                return item.sum();
            }
        }
        return 0;
    }
}
