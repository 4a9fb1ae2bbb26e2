package io.petrel.real.mqadmin;

import io.petrel.admin.AdminException;
import io.petrel.admin.TopicDeleteResult;
import io.petrel.admin.TopicUpdateResult;
import io.petrel.client.AllocateMessageQueueAveragely;
import io.petrel.common.BrokerData;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.PermName;
import io.petrel.common.QueueData;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicFilterType;
import io.petrel.common.TopicRouteData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The topic commands: updateTopic, deleteTopic, topicList, topicRoute, topicStatus, topicClusterList,
 * updateTopicPerm, allocateMQ.
 */
final class TopicCommands {

    private static final int UNIT_FLAG = 1;
    private static final int UNIT_SUB_FLAG = 2;

    private TopicCommands() {
    }

    @Command(name = "updateTopic", description = "Create a topic, or change its queues and permission")
    static final class UpdateTopic extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "create the topic on this broker (host:port)")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "create the topic on every master of this cluster")
        String clusterName;
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name, ^[%%|a-zA-Z0-9_-]+$")
        String topic;
        @Option(names = {"-r", "--readQueueNums"}, defaultValue = "8", description = "read queues (default 8)")
        int readQueueNums;
        @Option(names = {"-w", "--writeQueueNums"}, defaultValue = "8", description = "write queues (default 8)")
        int writeQueueNums;
        @Option(names = {"-p", "--perm"}, description = "permission: W, R or WR (or 2, 4, 6); default WR")
        String perm;
        @Option(names = {"-o", "--order"}, description = "ordered topic: true or false")
        String order;
        @Option(names = {"-u", "--unit"}, description = "unit topic: true or false")
        String unit;
        @Option(names = {"-s", "--hasUnitSub"}, description = "has unit subscription: true or false")
        String hasUnitSub;

        TopicConfig config() {
            if (readQueueNums < 1 || writeQueueNums < 1) {
                throw invalid("-r and -w must be at least 1");
            }
            int permission = PermName.PERM_READ | PermName.PERM_WRITE;
            if (perm != null) {
                try {
                    permission = PermName.parse(perm);
                } catch (IllegalArgumentException e) {
                    throw invalid(e.getMessage());
                }
            }
            int sysFlag = (bool("-u", unit, false) ? UNIT_FLAG : 0) | (bool("-s", hasUnitSub, false) ? UNIT_SUB_FLAG : 0);
            return new TopicConfig(topic(topic), readQueueNums, writeQueueNums, permission, TopicFilterType.SINGLE_TAG,
                    sysFlag, bool("-o", order, false));
        }

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            TopicConfig config = config();
            TopicUpdateResult r = brokerAddr != null
                    ? call(a -> a.topics().createTopicOnBroker(brokerAddr.trim(), config))
                    : call(a -> a.topics().createTopicOnCluster(clusterName.trim(), config));
            TopicRenderer.topicUpdate(r, clusterName != null, out());
            return r.allOk() ? OK : FAILED;
        }
    }

    @Command(name = "deleteTopic", description = "Delete a topic from every master of a cluster and from the NameServers")
    static final class DeleteTopic extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;
        @Option(names = {"-c", "--clusterName"}, required = true, description = "cluster to delete the topic from")
        String clusterName;

        @Override
        int run() {
            String t = topic(topic);
            TopicDeleteResult r = call(a -> a.topics().deleteTopic(clusterName.trim(), t));
            TopicRenderer.topicDelete(r, out());
            return r.allOk() ? OK : FAILED;
        }
    }

    @Command(name = "topicList", description = "List every topic the NameServer knows")
    static final class TopicList extends AdminCommand {
        @Option(names = {"-c", "--clusterModel"}, description = "also print each topic's cluster and consumer groups")
        boolean clusterModel;

        @Override
        int run() {
            if (clusterModel) {
                TopicRenderer.topicListWithConsumers(call(a -> a.topics().topicsWithConsumers()), out());
            } else {
                TopicRenderer.topicList(call(a -> a.namesrv().allTopics()).topicList(), out());
            }
            return OK;
        }
    }

    @Command(name = "topicRoute", description = "Print a topic's route: its brokers, queues and permissions")
    static final class TopicRoute extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;
        @Option(names = {"-l", "--list"}, description = "print one line per broker instead of JSON")
        boolean list;

        @Override
        int run() {
            TopicRouteData route = call(a -> a.namesrv().route(topic.trim()));
            if (list) {
                TopicRenderer.topicRouteList(route, out());
            } else {
                TopicRenderer.topicRoute(route, out());
            }
            return OK;
        }
    }

    @Command(name = "topicStatus", description = "Print the min and max offset of every queue of a topic")
    static final class TopicStatus extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;

        @Override
        int run() {
            TopicRenderer.topicStatus(call(a -> a.topics().topicStatus(topic.trim())), context().zone(), out());
            return OK;
        }
    }

    @Command(name = "topicClusterList", description = "Print the clusters a topic is on")
    static final class TopicClusterList extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;

        @Override
        int run() {
            TopicRenderer.topicClusters(call(a -> a.topics().topicClusters(topic.trim())), out());
            return OK;
        }
    }

    /**
     * Changes a topic's permission on one master (-b) or every master of a cluster (-c), keeping
     * the queue counts and flags of the route's first queue entry, as mqadmin does.
     */
    @Command(name = "updateTopicPerm", description = "Update topic perm")
    static final class UpdateTopicPerm extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "the master (host:port) to change it on")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "change it on every master of this cluster")
        String clusterName;
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;
        @Option(names = {"-p", "--perm"}, required = true, description = "the new permission: 2 (W), 4 (R) or 6 (RW)")
        String perm;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            int permission;
            try {
                permission = PermName.parse(perm);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
            String t = topic(topic);
            TopicRouteData route = call(a -> a.namesrv().route(t));
            QueueData first = route.queueDatas().get(0);
            TopicConfig config = new TopicConfig(t, first.readQueueNums(), first.writeQueueNums(), permission,
                    TopicFilterType.SINGLE_TAG, first.topicSysFlag(), false);
            if (brokerAddr != null) {
                return onBroker(route, brokerAddr.trim(), config);
            }
            for (String master : call(a -> a.cluster().masters(clusterName.trim()))) {
                call(a -> a.broker().createTopic(master, config));
                TopicRenderer.permUpdated(first.perm(), permission, master, out());
            }
            return OK;
        }

        private int onBroker(TopicRouteData route, String address, TopicConfig config) {
            String brokerName = route.brokerDatas().stream().filter(b -> address.equals(b.brokerAddrs().get(MixAll.MASTER_ID)))
                    .map(BrokerData::brokerName).findFirst().orElseThrow(() -> new AdminException(AdminException.Kind.NOT_FOUND,
                            "updateTopicPerm error broker not exit or broker is not master!."));
            int oldPerm = route.queueDatas().stream().filter(q -> q.brokerName().equals(brokerName)).mapToInt(QueueData::perm)
                    .findFirst().orElse(0);
            if (oldPerm == config.perm()) {
                out().print(Formats.f("new perm equals to the old one!%n"));
                return OK;
            }
            call(a -> a.broker().createTopic(address, config));
            TopicRenderer.permUpdated(oldPerm, config.perm(), address, out());
            out().print(Formats.f("%s.%n", Formats.topicConfig(config)));
            return OK;
        }
    }

    /**
     * How RocketMQ's default strategy would share the topic's readable queues among consumers at
     * the given addresses, in the order given. mqadmin takes the queues in hash order; Petrel
     * sorts them by broker and queue id, as a consumer's rebalance does, so the answer is stable.
     */
    @Command(name = "allocateMQ", description = "Allocate MQ")
    static final class AllocateMq extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;
        @Option(names = {"-i", "--ipList"}, required = true, description = "consumer addresses, separated by commas")
        String ipList;

        @Override
        int run() {
            List<String> ips = List.of(ipList.trim().split(","));
            List<MessageQueue> queues = call(a -> a.messages().readQueues(topic.trim()));
            Map<String, List<MessageQueue>> result = new LinkedHashMap<>();
            for (String ip : ips) {
                result.put(ip, AllocateMessageQueueAveragely.allocate(ip, queues, ips));
            }
            TopicRenderer.allocation(result, out());
            return OK;
        }
    }
}
