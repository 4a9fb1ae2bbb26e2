package io.petrel.real.mqadmin;

import io.petrel.admin.AdminException;
import io.petrel.common.BrokerData;
import io.petrel.common.BrokerStatsData;
import io.petrel.common.BrokerStatsItem;
import io.petrel.common.ClusterInfo;
import io.petrel.common.ConnectionInfo;
import io.petrel.common.ConsumerConnection;
import io.petrel.common.MqVersion;
import io.petrel.common.TopicValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * exportMetrics: each master's load and size in metrics.json, as RocketMQ 4.9.8's command writes
 * it: per broker name its runtime environment, its rates and day counts (ordinary, transactional
 * half and scheduled messages), message size, user topic and group counts, and the client
 * versions of its groups' consumers; then the cluster's totals. Keys are written sorted; a figure
 * the broker does not report is left out (Petrel's brokers report neither {@code cpuNum}, which
 * RocketMQ takes from {@code clientCallbackExecutorThreads}, nor {@code totalMemKBytes}, which
 * 4.9.8's brokers do not report either), except the counters the totals are made of, whose
 * absence fails the command naming the broker and key.
 */
final class MetricsCommands {

    static final String TOPIC_PUT_NUMS = "TOPIC_PUT_NUMS";

    private MetricsCommands() {
    }

    /**
     * What exportMetrics reads from one master: its runtime info and config, how many user topics
     * and groups it has, its TOPIC_PUT_NUMS statistics of the transactional half and schedule topics
     * (null when it has none), and the {@code LANGUAGE%version} of its groups' consumers.
     */
    record BrokerMetrics(String brokerName, Map<String, String> runtime, Map<String, String> config, int topicSize,
            int groupSize, BrokerStatsData transStats, BrokerStatsData scheduleStats, Set<String> clientInfo) {
    }

    @Command(name = "exportMetrics", description = "export metrics")
    static final class ExportMetrics extends AdminCommand {
        @Option(names = {"-c", "--clusterName"}, required = true, description = "choose a cluster to export")
        String clusterName;
        @Option(names = {"-f", "--filePath"}, description = "directory of metrics.json | default /tmp/rocketmq/export")
        String filePath;

        @Override
        int run() {
            String cluster = clusterName.trim();
            Path file = ExportCommands.directory(context(), filePath).resolve("metrics.json");
            call(a -> a.cluster().masters(cluster)); // fails naming the known clusters when this one has no master
            ClusterInfo info = call(a -> a.namesrv().clusterInfo());
            List<BrokerMetrics> brokers = new ArrayList<>();
            for (String name : new TreeSet<>(info.clusterAddrTable().get(cluster))) {
                BrokerData data = info.brokerAddrTable().get(name);
                String master = data == null ? null : data.masterAddress();
                if (master == null) {
                    err().println("mqadmin exportMetrics: broker " + name + " has no master registered; left out of " + file);
                    continue;
                }
                brokers.add(read(name, master, info));
            }
            ExportCommands.write(file, metricsJson(brokers));
            out().print(Formats.f("export %s success%n", file));
            return OK;
        }

        private BrokerMetrics read(String name, String address, ClusterInfo info) {
            Map<String, String> runtime = call(a -> a.broker().runtimeInfo(address));
            Map<String, String> config = call(a -> a.broker().brokerConfig(address));
            long topics = call(a -> a.broker().topicConfigs(address)).keySet().stream()
                    .filter(t -> MetadataCommands.userTopic(t, info, false)).count();
            List<String> groups = new ArrayList<>();
            call(a -> a.broker().subscriptionGroups(address)).keySet().forEach(g -> {
                if (MetadataCommands.userGroup(g)) {
                    groups.add(g);
                }
            });
            Set<String> clients = new TreeSet<>();
            for (String group : groups) {
                clients.addAll(clientInfo(group));
            }
            return new BrokerMetrics(name, runtime, config, (int) topics, groups.size(),
                    putStats(address, TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC),
                    putStats(address, TopicValidator.RMQ_SYS_SCHEDULE_TOPIC), clients);
        }

        /** A topic's TOPIC_PUT_NUMS, or null when the broker answers that it has none, as mqadmin counts it. */
        private BrokerStatsData putStats(String address, String topic) {
            try {
                return call(a -> a.broker().statsData(address, TOPIC_PUT_NUMS, topic));
            } catch (AdminException e) {
                if (e.kind() == AdminException.Kind.REMOTE_ERROR) {
                    return null;
                }
                throw e;
            }
        }

        /** The group's consumers' {@code LANGUAGE%version}; none when the group has no consumer online, as in mqadmin. */
        private Set<String> clientInfo(String group) {
            Set<String> clients = new TreeSet<>();
            ConsumerConnection cc;
            try {
                cc = call(a -> a.consumers().consumerConnection(group));
            } catch (AdminException e) {
                return clients;
            }
            if (cc.connectionSet() != null) {
                for (ConnectionInfo c : cc.connectionSet()) {
                    clients.add(c.language() + "%" + MqVersion.describe(c.version()));
                }
            }
            return clients;
        }
    }

    /** metrics.json: {@code evaluateReport} by broker name and the cluster's {@code totalData}. */
    static String metricsJson(List<BrokerMetrics> brokers) {
        Map<String, Double> totalTps = new TreeMap<>(Map.of("totalNormalInTps", 0.0, "totalNormalOutTps", 0.0,
                "totalTransInTps", 0.0, "totalScheduleInTps", 0.0));
        Map<String, Long> totalOneDayNum = new TreeMap<>(Map.of("normalOneDayInNum", 0L, "normalOneDayOutNum", 0L,
                "transOneDayInNum", 0L, "scheduleOneDayInNum", 0L));
        Map<String, Object> report = new TreeMap<>();
        for (BrokerMetrics b : brokers) {
            Map<String, Object> broker = new TreeMap<>();
            broker.put("runtimeEnv", present(Map.of(), "cpuNum", b.config().get("clientCallbackExecutorThreads"),
                    "totalMemKBytes", b.runtime().get("totalMemKBytes")));
            broker.put("runtimeQuota", quota(b, totalTps, totalOneDayNum));
            broker.put("runtimeVersion", new TreeMap<>(Map.of("rocketmqVersion", MqVersion.describe(MqVersion.CURRENT),
                    "clientInfo", new TreeSet<>(b.clientInfo()))));
            report.put(b.brokerName(), broker);
        }
        return PrettyJson.of(new TreeMap<>(Map.of("evaluateReport", report,
                "totalData", new TreeMap<>(Map.of("totalTps", totalTps, "totalOneDayNum", totalOneDayNum)))));
    }

    private static Map<String, Object> quota(BrokerMetrics b, Map<String, Double> totalTps, Map<String, Long> totalOneDayNum) {
        double normalInTps = firstRate(b, "putTps");
        double normalOutTps = firstRate(b, "getTransferedTps");
        double transInTps = minuteTps(b.transStats());
        double scheduleInTps = minuteTps(b.scheduleStats());
        long normalIn = counter(b, "msgPutTotalTodayMorning") - counter(b, "msgPutTotalYesterdayMorning");
        long normalOut = counter(b, "msgGetTotalTodayMorning") - counter(b, "msgGetTotalYesterdayMorning");
        long transIn = daySum(b.transStats());
        long scheduleIn = daySum(b.scheduleStats());
        totalTps.merge("totalNormalInTps", normalInTps, Double::sum);
        totalTps.merge("totalNormalOutTps", normalOutTps, Double::sum);
        totalTps.merge("totalTransInTps", transInTps, Double::sum);
        totalTps.merge("totalScheduleInTps", scheduleInTps, Double::sum);
        totalOneDayNum.merge("normalOneDayInNum", normalIn, Long::sum);
        totalOneDayNum.merge("normalOneDayOutNum", normalOut, Long::sum);
        totalOneDayNum.merge("transOneDayInNum", transIn, Long::sum);
        totalOneDayNum.merge("scheduleOneDayInNum", scheduleIn, Long::sum);
        Map<String, Object> quota = present(Map.<String, Object>of("topicSize", b.topicSize(), "groupSize", b.groupSize()),
                "messageAverageSize", b.runtime().get("putMessageAverageSize"));
        quota.put("diskRatio", present(Map.of(), "commitLogDiskRatio", b.runtime().get("commitLogDiskRatio"),
                "consumeQueueDiskRatio", b.runtime().get("consumeQueueDiskRatio")));
        quota.put("tps", new TreeMap<>(Map.of("normalInTps", normalInTps, "normalOutTps", normalOutTps,
                "transInTps", transInTps, "scheduleInTps", scheduleInTps)));
        quota.put("oneDayNum", new TreeMap<>(Map.of("normalOneDayInNum", normalIn, "normalOneDayOutNum", normalOut,
                "transOneDayInNum", transIn, "scheduleOneDayInNum", scheduleIn)));
        return quota;
    }

    /** {@code fixed} plus each key-value pair of {@code pairs} whose value is not null, sorted by key. */
    private static Map<String, Object> present(Map<String, Object> fixed, String... pairs) {
        Map<String, Object> map = new TreeMap<>(fixed);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put(pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    /** The first of the broker's "now, 1 min, 10 min" rates, as mqadmin reads putTps and getTransferedTps. */
    private static double firstRate(BrokerMetrics b, String key) {
        String rates = required(b, key);
        try {
            return Double.parseDouble(rates.trim().split(" ")[0]);
        } catch (NumberFormatException e) {
            throw badFigure(b, key, rates);
        }
    }

    private static long counter(BrokerMetrics b, String key) {
        String value = required(b, key);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw badFigure(b, key, value);
        }
    }

    private static String required(BrokerMetrics b, String key) {
        String value = b.runtime().get(key);
        if (value == null || value.isBlank()) {
            throw new AdminException(AdminException.Kind.BAD_RESPONSE, "broker " + b.brokerName()
                    + " does not report " + key + " in its runtime info, which metrics.json needs");
        }
        return value;
    }

    private static AdminException badFigure(BrokerMetrics b, String key, String value) {
        return new AdminException(AdminException.Kind.BAD_RESPONSE, "broker " + b.brokerName() + " reports " + key
                + " as '" + value + "', which is not a number");
    }

    private static double minuteTps(BrokerStatsData stats) {
        return stats == null || stats.statsMinute() == null ? 0.0 : stats.statsMinute().tps();
    }

    /** RocketMQ's 24-hour figure (compute24HourSum): the day's sum, else the hour's, else the minute's. */
    private static long daySum(BrokerStatsData stats) {
        if (stats == null) {
            return 0;
        }
        for (BrokerStatsItem item : new BrokerStatsItem[] {stats.statsDay(), stats.statsHour(), stats.statsMinute()}) {
            if (item != null && item.sum() != 0) {
                return item.sum();
            }
        }
        return 0;
    }
}
