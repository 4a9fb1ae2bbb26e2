package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;
import static io.petrel.real.mqadmin.Formats.front;

import io.petrel.admin.GroupConfigRow;
import io.petrel.admin.GroupDeleteResult;
import io.petrel.admin.PeerResult;
import io.petrel.admin.Settled;
import io.petrel.admin.TopicConsumerRow;
import io.petrel.admin.TopicDeleteResult;
import io.petrel.admin.TopicUpdateResult;
import io.petrel.common.BrokerData;
import io.petrel.common.Json;
import io.petrel.common.MessageQueue;
import io.petrel.common.QueueData;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicOffset;
import io.petrel.common.TopicRouteData;
import io.petrel.common.TopicStatsTable;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the results of the topic and subscription-group commands with RocketMQ's lines and
 * columns, so scripts written against mqadmin keep working. A peer that failed gets a line
 * saying so with the reason, where mqadmin would have printed a stack trace.
 */
final class TopicRenderer {

    private static final String ROUTE_LIST = "%-45s %-32s %-50s %-10s %-11s %-5s%n";

    private TopicRenderer() {
    }

    static void topicUpdate(TopicUpdateResult r, boolean cluster, PrintStream out) {
        for (PeerResult<Void> b : r.brokers()) {
            out.print(b.isOk() ? f("create topic to %s success.%n", b.peer())
                    : f("create topic to %s failed: %s%n", b.peer(), b.error().getMessage()));
        }
        if (r.orderConf() != null) {
            out.print(f("set %s orderConf. isOrder=%s, orderConf=[%s]%n", cluster ? "cluster" : "broker", true, r.orderConf()));
            failedWrites(r.orderConfWrites(), "set orderConf in name server", out);
        }
        out.println(Formats.topicConfig(r.config()));
    }

    private static void failedWrites(List<PeerResult<Void>> writes, String what, PrintStream out) {
        for (PeerResult<Void> w : writes) {
            if (!w.isOk()) {
                out.print(f("%s[%s] failed: %s%n", what, w.peer(), w.error().getMessage()));
            }
        }
    }

    static void topicDelete(TopicDeleteResult r, PrintStream out) {
        boolean brokersOk = r.brokers().stream().allMatch(PeerResult::isOk);
        for (PeerResult<Void> b : r.brokers()) {
            if (!b.isOk()) {
                out.print(f("delete topic [%s] from broker [%s] failed: %s%n", r.topic(), b.peer(), b.error().getMessage()));
            }
        }
        if (brokersOk) {
            out.print(f("delete topic [%s] from cluster [%s] success.%n", r.topic(), r.cluster()));
        }
        failedWrites(r.namesrvs(), "delete topic [" + r.topic() + "] from NameServer", out);
        if (r.namesrvs().stream().allMatch(PeerResult::isOk)) {
            out.print(f("delete topic [%s] from NameServer success.%n", r.topic()));
        }
    }

    static void groupUpdate(List<PeerResult<Void>> brokers, SubscriptionGroupConfig config, PrintStream out) {
        for (PeerResult<Void> b : brokers) {
            out.print(b.isOk() ? f("create subscription group to %s success.%n", b.peer())
                    : f("create subscription group to %s failed: %s%n", b.peer(), b.error().getMessage()));
        }
        out.println(Formats.subscriptionGroup(config));
    }

    /**
     * getConsumerConfig, as RocketMQ 4.9.8 prints it: a banner per broker group, then each setting
     * as {@code name = value} in SubscriptionGroupConfig's field order. Brokers that could not be
     * read are named on {@code err}.
     */
    static void groupConfigs(List<GroupConfigRow> rows, PrintStream out, PrintStream err) {
        for (GroupConfigRow row : rows) {
            if (!row.isOk()) {
                err.print(f("mqadmin getConsumerConfig: %s (%s) could not be read: %s%n", row.brokerName(), row.address(),
                        row.error().getMessage()));
                continue;
            }
            SubscriptionGroupConfig c = row.config();
            out.print(f("=============================%s:%s=============================%n", row.cluster(), row.brokerName()));
            Object[][] fields = {{"groupName", c.groupName()}, {"consumeEnable", c.consumeEnable()},
                {"consumeFromMinEnable", c.consumeFromMinEnable()}, {"consumeBroadcastEnable", c.consumeBroadcastEnable()},
                {"retryQueueNums", c.retryQueueNums()}, {"retryMaxTimes", c.retryMaxTimes()}, {"brokerId", c.brokerId()},
                {"whichBrokerWhenConsumeSlowly", c.whichBrokerWhenConsumeSlowly()},
                {"notifyConsumerIdsChangedEnable", c.notifyConsumerIdsChangedEnable()}};
            for (Object[] field : fields) {
                out.print(f("%-40s=  %s%n", field[0], field[1]));
            }
        }
    }

    static void groupDelete(GroupDeleteResult r, String cluster, PrintStream out) {
        for (PeerResult<Void> b : r.brokers()) {
            if (!b.isOk()) {
                out.print(f("delete subscription group [%s] from broker [%s] failed: %s%n", r.group(), b.peer(),
                        b.error().getMessage()));
            } else if (cluster == null) {
                out.print(f("delete subscription group [%s] from broker [%s] success.%n", r.group(), b.peer()));
            } else {
                out.print(f("delete subscription group [%s] from broker [%s] in cluster [%s] success.%n", r.group(),
                        b.peer(), cluster));
            }
        }
        for (Settled<TopicDeleteResult> topic : Arrays.asList(r.retryTopic(), r.dlqTopic())) {
            if (topic != null && topic.isOk()) {
                topicDelete(topic.value(), out);
            } else if (topic != null) {
                out.print(f("delete topic failed: %s%n", topic.error().getMessage()));
            }
        }
    }

    static void topicStatus(TopicStatsTable table, ZoneId zone, PrintStream out) {
        out.print(f("%-32s  %-4s  %-20s  %-20s    %s%n", "#Broker Name", "#QID", "#Min Offset", "#Max Offset", "#Last Updated"));
        for (Map.Entry<MessageQueue, TopicOffset> e : new TreeMap<>(table.offsetTable()).entrySet()) {
            TopicOffset o = e.getValue();
            String updated = o.lastUpdateTimestamp() > 0 ? Formats.millis(o.lastUpdateTimestamp(), zone) : "";
            out.print(f("%-32s  %-4d  %-20d  %-20d    %s%n", front(e.getKey().brokerName(), 32), e.getKey().queueId(),
                    o.minOffset(), o.maxOffset(), updated));
        }
    }

    static void topicList(Collection<String> topics, PrintStream out) {
        topics.forEach(t -> out.print(f("%s%n", t)));
    }

    static void topicListWithConsumers(List<TopicConsumerRow> rows, PrintStream out) {
        out.print(f("%-20s  %-48s  %-48s%n", "#Cluster Name", "#Topic", "#Consumer Group"));
        for (TopicConsumerRow r : rows) {
            out.print(f("%-20s  %-64s  %-64s%n", front(r.cluster(), 20), front(r.topic(), 64), front(r.group(), 64)));
        }
    }

    static void topicRoute(TopicRouteData route, PrintStream out) {
        out.println(PrettyJson.of(route));
    }

    /** topicRoute -l: one line per broker, then the totals. */
    static void topicRouteList(TopicRouteData route, PrintStream out) {
        TreeMap<String, QueueData> queues = new TreeMap<>();
        route.queueDatas().forEach(q -> queues.put(q.brokerName(), q));
        TreeMap<String, BrokerData> brokers = new TreeMap<>();
        route.brokerDatas().forEach(b -> brokers.put(b.brokerName(), b));
        out.print(f(ROUTE_LIST, "#ClusterName", "#BrokerName", "#BrokerAddrs", "#ReadQueue", "#WriteQueue", "#Perm"));
        int read = 0;
        int write = 0;
        for (BrokerData b : brokers.values()) {
            QueueData q = queues.get(b.brokerName());
            int r = q == null ? 0 : q.readQueueNums();
            int w = q == null ? 0 : q.writeQueueNums();
            read += r;
            write += w;
            out.print(f(ROUTE_LIST, b.cluster(), b.brokerName(), Formats.javaMap(b.brokerAddrs()), r, w,
                    q == null ? "" : q.perm()));
        }
        out.println("-".repeat(158));
        out.print(f(ROUTE_LIST, "Total:", queues.size(), "", read, write, ""));
    }

    static void topicClusters(Collection<String> clusters, PrintStream out) {
        clusters.forEach(c -> out.print(f("%s%n", c)));
    }

    /** updateTopicPerm: one line per master changed. */
    static void permUpdated(int oldPerm, int newPerm, String address, PrintStream out) {
        out.print(f("update topic perm from %s to %s in %s success.%n", oldPerm, newPerm, address));
    }

    /**
     * allocateMQ: RocketMQ's RebalanceResult as compact JSON, each queue with its fields in
     * fastjson's alphabetical order.
     */
    static void allocation(Map<String, List<MessageQueue>> byIp, PrintStream out) {
        Map<String, List<Map<String, Object>>> result = new LinkedHashMap<>();
        byIp.forEach((ip, queues) -> result.put(ip, queues.stream().map(q -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("brokerName", q.brokerName());
            fields.put("queueId", q.queueId());
            fields.put("topic", q.topic());
            return fields;
        }).toList()));
        out.print(f("%s%n", Json.writeString(Map.of("result", result))));
    }
}
