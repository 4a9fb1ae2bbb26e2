package io.petrel.real.mqadmin;

import io.petrel.admin.GroupConfigRow;
import io.petrel.admin.GroupDeleteResult;
import io.petrel.admin.PeerResult;
import io.petrel.common.SubscriptionGroupConfig;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The subscription-group commands: updateSubGroup, deleteSubGroup and getConsumerConfig. */
final class GroupCommands {

    private GroupCommands() {
    }

    @Command(name = "updateSubGroup", description = "Create a consumer group's subscription settings, or change them")
    static final class UpdateSubGroup extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "create the group on this broker (host:port)")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "create the group on every master of this cluster")
        String clusterName;
        @Option(names = {"-g", "--groupName"}, required = true, description = "consumer group name")
        String groupName;
        @Option(names = {"-s", "--consumeEnable"}, description = "consumption allowed: true or false (default true)")
        String consumeEnable;
        @Option(names = {"-m", "--consumeFromMinEnable"}, description = "start from the queue's min offset (default false)")
        String consumeFromMinEnable;
        @Option(names = {"-d", "--consumeBroadcastEnable"}, description = "broadcast consumption allowed (default false)")
        String consumeBroadcastEnable;
        @Option(names = {"-q", "--retryQueueNums"}, defaultValue = "1", description = "retry queues (default 1)")
        int retryQueueNums;
        @Option(names = {"-r", "--retryMaxTimes"}, defaultValue = "16",
                description = "retries before a message goes to the dead-letter queue (default 16)")
        int retryMaxTimes;
        @Option(names = {"-i", "--brokerId"}, defaultValue = "0", description = "broker id to consume from (default 0)")
        long brokerId;
        @Option(names = {"-w", "--whichBrokerWhenConsumeSlowly"}, defaultValue = "1",
                description = "broker id to consume from when consumption lags (default 1)")
        long whichBrokerWhenConsumeSlowly;
        @Option(names = {"-a", "--notifyConsumerIdsChanged"}, description = "notify consumers of membership changes (default true)")
        String notify;

        SubscriptionGroupConfig config() {
            if (groupName.isBlank()) {
                throw invalid("the group name -g is blank");
            }
            if (retryQueueNums < 0 || retryMaxTimes < 0) {
                throw invalid("-q and -r must not be negative");
            }
            return new SubscriptionGroupConfig(groupName.trim(), bool("-s", consumeEnable, true),
                    bool("-m", consumeFromMinEnable, false), bool("-d", consumeBroadcastEnable, false), retryQueueNums,
                    retryMaxTimes, brokerId, whichBrokerWhenConsumeSlowly, bool("-a", notify, true));
        }

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            SubscriptionGroupConfig config = config();
            List<PeerResult<Void>> r = brokerAddr != null
                    ? call(a -> a.topics().createSubscriptionGroup(brokerAddr.trim(), config))
                    : call(a -> a.topics().createSubscriptionGroupOnCluster(clusterName.trim(), config));
            TopicRenderer.groupUpdate(r, config, out());
            return exitCode(r);
        }
    }

    @Command(name = "deleteSubGroup", description = "Delete a consumer group's subscription settings")
    static final class DeleteSubGroup extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "delete the group from this broker")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"},
                description = "delete the group from every master of this cluster, with its retry and DLQ topics")
        String clusterName;
        @Option(names = {"-g", "--groupName"}, required = true, description = "consumer group name")
        String groupName;
        @Option(names = {"-r", "--removeOffset"}, description = "also remove the group's offsets: true or false")
        String removeOffset;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            boolean remove = bool("-r", removeOffset, false);
            String group = groupName.trim();
            GroupDeleteResult r = brokerAddr != null
                    ? call(a -> a.topics().deleteSubscriptionGroup(brokerAddr.trim(), group, remove))
                    : call(a -> a.topics().deleteSubscriptionGroupOnCluster(clusterName.trim(), group, remove));
            TopicRenderer.groupDelete(r, clusterName == null ? null : clusterName.trim(), out());
            return r.allOk() ? OK : FAILED;
        }
    }

    @Command(name = "getConsumerConfig", description = "Print a consumer group's settings on every broker that has it")
    static final class GetConsumerConfig extends AdminCommand {
        @Option(names = {"-g", "--groupName"}, required = true, description = "consumer group name")
        String groupName;

        @Override
        int run() {
            String group = groupName.trim();
            List<GroupConfigRow> rows = call(a -> a.topics().subscriptionGroupConfigs(group));
            TopicRenderer.groupConfigs(rows, out(), err());
            if (rows.isEmpty()) {
                err().println("mqadmin " + name() + ": no broker has a consumer group " + group);
                return FAILED;
            }
            return rows.stream().allMatch(GroupConfigRow::isOk) ? OK : FAILED;
        }
    }
}
