package io.petrel.real.mqadmin;

import io.petrel.common.ClusterInfo;
import io.petrel.common.MixAll;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicValidator;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * exportMetadata: a broker's or a cluster's user topics and subscription groups as JSON files.
 * "User" leaves out what RocketMQ's brokers call system topics (the fixed ones, each cluster's and
 * broker's own topic and the cluster's reply topic), retry and dead-letter topics unless -s, and
 * RocketMQ's system groups. A cluster's export sums each topic's queues and each group's retry
 * queues over its masters, as mqadmin does.
 */
final class MetadataCommands {

    private static final Set<String> SYSTEM_GROUPS = Set.of(MixAll.DEFAULT_CONSUMER_GROUP, MixAll.DEFAULT_PRODUCER_GROUP,
            MixAll.TOOLS_CONSUMER_GROUP, MixAll.FILTERSRV_CONSUMER_GROUP, MixAll.MONITOR_CONSUMER_GROUP,
            MixAll.CLIENT_INNER_PRODUCER_GROUP, MixAll.SELF_TEST_PRODUCER_GROUP, MixAll.SELF_TEST_CONSUMER_GROUP,
            MixAll.ONS_HTTP_PROXY_GROUP, MixAll.CID_ONSAPI_PERMISSION_GROUP, MixAll.CID_ONSAPI_OWNER_GROUP,
            MixAll.CID_ONSAPI_PULL_GROUP);

    private MetadataCommands() {
    }

    static boolean userTopic(String topic, ClusterInfo info, boolean special) {
        boolean brokerOwn = info.clusterAddrTable().containsKey(topic) || info.brokerAddrTable().containsKey(topic)
                || info.clusterAddrTable().keySet().stream().anyMatch(c -> topic.equals(c + "_REPLY_TOPIC"));
        boolean retryOrDlq = topic.startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX) || topic.startsWith(MixAll.DLQ_GROUP_TOPIC_PREFIX);
        return !TopicValidator.isSystemTopic(topic) && !brokerOwn && (special || !retryOrDlq);
    }

    static boolean userGroup(String group) {
        return !group.startsWith(MixAll.CID_RMQ_SYS_PREFIX) && !SYSTEM_GROUPS.contains(group);
    }

    /** Adds one master's topics and groups to the cluster's, summing queue counts of names seen before. */
    static void merge(Map<String, TopicConfig> topics, Map<String, SubscriptionGroupConfig> groups,
            Map<String, TopicConfig> brokerTopics, Map<String, SubscriptionGroupConfig> brokerGroups) {
        brokerTopics.forEach((name, t) -> topics.merge(name, t, (old, now) -> new TopicConfig(now.topicName(),
                old.readQueueNums() + now.readQueueNums(), old.writeQueueNums() + now.writeQueueNums(), now.perm(),
                now.topicFilterType(), now.topicSysFlag(), now.order())));
        brokerGroups.forEach((name, g) -> groups.merge(name, g, (old, now) -> new SubscriptionGroupConfig(now.groupName(),
                now.consumeEnable(), now.consumeFromMinEnable(), now.consumeBroadcastEnable(),
                old.retryQueueNums() + now.retryQueueNums(), now.retryMaxTimes(), now.brokerId(),
                now.whichBrokerWhenConsumeSlowly(), now.notifyConsumerIdsChangedEnable())));
    }

    /** The cluster file's JSON: the tables asked for and the export time. */
    static String clusterJson(Map<String, TopicConfig> topics, Map<String, SubscriptionGroupConfig> groups, boolean topicsOnly,
            boolean groupsOnly, long exportTimeMs) {
        Map<String, Object> result = new TreeMap<>();
        if (!groupsOnly) {
            result.put("topicConfigTable", topics);
        }
        if (!topicsOnly) {
            result.put("subscriptionGroupTable", groups);
        }
        result.put("exportTime", exportTimeMs);
        return PrettyJson.of(result);
    }

    @Command(name = "exportMetadata", description = "export metadata")
    static final class ExportMetadata extends AdminCommand {
        @Option(names = {"-c", "--clusterName"}, description = "choose a cluster to export")
        String clusterName;
        @Option(names = {"-b", "--brokerAddr"}, description = "choose a broker to export (with -t or -g)")
        String brokerAddr;
        @Option(names = {"-f", "--filePath"}, description = "directory of the JSON file | default /tmp/rocketmq/export")
        String filePath;
        @Option(names = {"-t", "--topic"}, description = "only export topic metadata")
        boolean topicsOnly;
        @Option(names = {"-g", "--subscriptionGroup"}, description = "only export subscriptionGroup metadata")
        boolean groupsOnly;
        @Option(names = {"-s", "--specialTopic"}, description = "need retryTopic and dlqTopic")
        boolean specialTopic;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            if (topicsOnly && groupsOnly) {
                throw invalid("give -t or -g, not both");
            }
            if (brokerAddr != null && !topicsOnly && !groupsOnly) {
                throw invalid("with -b give -t (topics) or -g (subscription groups)");
            }
            Path dir = ExportCommands.directory(context(), filePath);
            ClusterInfo info = call(a -> a.namesrv().clusterInfo());
            Iterable<String> masters = brokerAddr != null ? Set.of(brokerAddr.trim())
                    : call(a -> a.cluster().masters(clusterName.trim()));
            Map<String, TopicConfig> topics = new TreeMap<>();
            Map<String, SubscriptionGroupConfig> groups = new TreeMap<>();
            for (String master : masters) {
                Map<String, TopicConfig> brokerTopics = new TreeMap<>();
                Map<String, SubscriptionGroupConfig> brokerGroups = new TreeMap<>();
                if (!groupsOnly) {
                    call(a -> a.broker().topicConfigs(master)).forEach((n, t) -> {
                        if (userTopic(n, info, specialTopic)) {
                            brokerTopics.put(n, t);
                        }
                    });
                }
                if (!topicsOnly) {
                    call(a -> a.broker().subscriptionGroups(master)).forEach((n, g) -> {
                        if (userGroup(n)) {
                            brokerGroups.put(n, g);
                        }
                    });
                }
                merge(topics, groups, brokerTopics, brokerGroups);
            }
            Path file = dir.resolve(topicsOnly ? "topic.json" : groupsOnly ? "subscriptionGroup.json" : "metadata.json");
            String json = brokerAddr != null
                    ? PrettyJson.of(topicsOnly ? Map.of("topicConfigTable", topics) : Map.of("subscriptionGroupTable", groups))
                    : clusterJson(topics, groups, topicsOnly, groupsOnly, context().wallClockMs().getAsLong());
            ExportCommands.write(file, json);
            out().print(Formats.f("export %s success%n", file));
            return OK;
        }
    }
}
