package io.petrel.real.mqadmin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The {@code mqadmin} command with RocketMQ's sub-command names. Run with no sub-command it
 * prints the list of commands, as mqadmin does. Holds the {@link MqAdminContext} the
 * sub-commands reach through their parent.
 */
@Command(name = "mqadmin", sortOptions = false, subcommands = {
    TopicCommands.UpdateTopic.class, TopicCommands.DeleteTopic.class, GroupCommands.UpdateSubGroup.class,
    GroupCommands.DeleteSubGroup.class, GroupCommands.GetConsumerConfig.class, ClusterCommands.UpdateBrokerConfig.class,
    TopicCommands.TopicRoute.class,
    TopicCommands.TopicStatus.class, TopicCommands.TopicClusterList.class, ClusterCommands.BrokerStatus.class,
    MessageCommands.QueryMsgById.class, MessageCommands.QueryMsgByKey.class, MessageCommands.QueryMsgByOffset.class,
    MessageCommands.PrintMsg.class, ConsumerCommands.ProducerConnection.class, ConsumerCommands.ConsumerConnection.class,
    ConsumerCommands.ConsumerProgress.class, ConsumerCommands.ConsumerStatus.class, ConsumerCommands.GetConsumerStatus.class,
    ClusterCommands.ClusterList.class, TopicCommands.TopicList.class, ClusterCommands.UpdateKvConfig.class,
    ClusterCommands.DeleteKvConfig.class, ClusterCommands.WipeWritePerm.class, ClusterCommands.AddWritePerm.class,
    ConsumerCommands.ResetOffsetByTime.class, ClusterCommands.StatsAll.class, ClusterCommands.GetBrokerConfig.class,
    MessageCommands.SendMessage.class, MessageCommands.ConsumeMessage.class, AclCommands.UpdateAclConfig.class,
    AclCommands.DeleteAclConfig.class, AclCommands.ClusterAclConfigVersion.class, AclCommands.UpdateGlobalWhiteAddr.class,
    NamesrvCommands.GetNamesrvConfig.class, NamesrvCommands.UpdateOrderConf.class,
    MessageQueryCommands.QueryMsgByUniqueKey.class, QueueCommands.PrintMsgByQueue.class,
    SendRtCommands.SendMsgStatus.class,
    SendRtCommands.CheckMsgSendRt.class,
    SendRtCommands.ClusterRt.class,
    ConsumerCommands.SkipAccumulatedMessage.class,
    MessageQueryCommands.QueryMsgTraceById.class,
    TopicCommands.UpdateTopicPerm.class,
    TopicCommands.AllocateMq.class,
    MonitoringCommands.StartMonitoring.class,
    ExportCommands.ExportConfigs.class,
    MetadataCommands.ExportMetadata.class,
    OperationsCommands.BrokerConsumeStats.class,
    ConsumerCommands.CloneGroupOffset.class,
    OperationsCommands.Producer.class,
    OperationsCommands.CleanExpiredCq.class,
    OperationsCommands.DeleteExpiredCommitLog.class,
    OperationsCommands.CleanUnusedTopic.class,
    QueueCommands.QueryCq.class,
    NamesrvCommands.UpdateNamesrvConfig.class,
    MetricsCommands.ExportMetrics.class})
public final class MqAdminCommand implements Callable<Integer> {

    private final MqAdminContext context;

    public MqAdminCommand(MqAdminContext context) {
        this.context = context;
    }

    MqAdminContext context() {
        return context;
    }

    @Override
    public Integer call() {
        return AdminCommand.OK;
    }
}
