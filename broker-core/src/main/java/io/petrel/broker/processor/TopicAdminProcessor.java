package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;
import static io.petrel.remoting.Replies.ok;

import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.client.ProducerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.BodyException;
import io.petrel.common.ConnectionInfo;
import io.petrel.common.ConsumerConnection;
import io.petrel.common.GroupList;
import io.petrel.common.Json;
import io.petrel.common.ProducerConnection;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicFilterType;
import io.petrel.common.TopicValidator;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.AdminHeaders.DeleteSubscriptionGroupRequestHeader;
import io.petrel.remoting.header.AdminHeaders.DeleteTopicRequestHeader;
import io.petrel.remoting.header.AdminHeaders.GetConsumerConnectionListRequestHeader;
import io.petrel.remoting.header.AdminHeaders.GetProducerConnectionListRequestHeader;
import io.petrel.remoting.header.AdminHeaders.QueryTopicConsumeByWhoRequestHeader;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The admin requests about topics, consumer groups and connections that mqadmin sends to a broker:
 * create/update/delete topics and subscription groups, list them, and list a group's connections.
 * Changes are refused on a slave with RocketMQ's remark; a refused request changes nothing.
 */
public final class TopicAdminProcessor {

    static final String SLAVE_REFUSAL =
            "Can't modify topic or subscription group from slave broker, please execute it from master broker.";
    private static final int MAX_QUEUE_NUMS = 1024;

    /** What topic admin needs to know about its broker. */
    public record Settings(String clusterName, boolean isMaster) {
    }

    private final Supplier<Settings> settings;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final ProducerManager producers;
    private final TopicDeletion onTopicDeleted;

    /**
     * What else a topic deletion clears (statistics, the store's consume queues); calls {@code done}
     * on the loop when finished, and only then is the deletion answered.
     */
    @FunctionalInterface
    public interface TopicDeletion {
        void deleted(String topic, Runnable done);
    }

    /** Topic admin whose deletions clear only what {@code onTopicDeleted} clears at once (no store). */
    public TopicAdminProcessor(Supplier<Settings> settings, TopicConfigManager topics,
            SubscriptionGroupManager groups, ConsumerOffsetManager offsets, ConsumerManager consumers,
            ProducerManager producers, Consumer<String> onTopicDeleted) {
        this(settings, topics, groups, offsets, consumers, producers, (topic, done) -> {
            onTopicDeleted.accept(topic);
            done.run();
        });
    }

    public TopicAdminProcessor(Supplier<Settings> settings, TopicConfigManager topics,
            SubscriptionGroupManager groups, ConsumerOffsetManager offsets, ConsumerManager consumers,
            ProducerManager producers, TopicDeletion onTopicDeleted) {
        this.settings = settings;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.consumers = consumers;
        this.producers = producers;
        this.onTopicDeleted = onTopicDeleted;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.UPDATE_AND_CREATE_TOPIC, this::createTopic)
                .register(RequestCode.DELETE_TOPIC_IN_BROKER, this::deleteTopic)
                .register(RequestCode.GET_ALL_TOPIC_CONFIG, (ch, req) -> ok(ch, req, topics.wrapper()))
                .register(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, this::createGroup)
                .register(RequestCode.DELETE_SUBSCRIPTIONGROUP, this::deleteGroup)
                .register(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, (ch, req) -> ok(ch, req, groups.wrapper()))
                .register(RequestCode.GET_ALL_CONSUMER_OFFSET, (ch, req) -> ok(ch, req, offsets.wrapper()))
                .register(RequestCode.GET_CONSUMER_CONNECTION_LIST, this::consumerConnections)
                .register(RequestCode.GET_PRODUCER_CONNECTION_LIST, this::producerConnections)
                .register(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, this::whoConsumes);
    }



    private void createTopic(RemotingChannel ch, RemotingCommand req) {
        CreateTopicRequestHeader h = req.decodeHeader(CreateTopicRequestHeader.class);
        String problem = topicProblem(h);
        if (problem != null) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, problem);
            return;
        }
        topics.createOrUpdate(new TopicConfig(h.topic(), h.readQueueNums(), h.writeQueueNums(), h.perm(),
                TopicFilterType.valueOf(h.topicFilterType()), h.topicSysFlag() == null ? 0 : h.topicSysFlag(), h.order()));
        // Answered once topics.json holds it: RocketMQ writes the file before it answers, so a kill -9
        // right after keeps the topic there; here the new file is renamed into place after its force.
        topics.afterPendingSaves(() -> ch.reply(req, RemotingCommand.success()));
    }

    private String topicProblem(CreateTopicRequestHeader h) {
        Settings s = settings.get();
        if (!s.isMaster()) {
            return SLAVE_REFUSAL;
        }
        if (h.topic().equals(s.clusterName())) {
            return "the topic[" + h.topic() + "] is conflict with system reserved words.";
        }
        String invalid = TopicValidator.problem(h.topic());
        if (invalid != null) {
            return invalid;
        }
        if (TopicValidator.isSystemTopic(h.topic())) {
            return "The topic[" + h.topic() + "] is conflict with system topic.";
        }
        if (h.readQueueNums() < 1 || h.readQueueNums() > MAX_QUEUE_NUMS || h.writeQueueNums() < 1
                || h.writeQueueNums() > MAX_QUEUE_NUMS) {
            return "queue numbers must be between 1 and " + MAX_QUEUE_NUMS + ", not read " + h.readQueueNums()
                    + " and write " + h.writeQueueNums();
        }
        if ((h.perm() & ~7) != 0) {
            return "perm " + h.perm() + " is not a combination of R (4), W (2) and inherit (1)";
        }
        try {
            TopicFilterType.valueOf(h.topicFilterType());
        } catch (IllegalArgumentException e) {
            return "topicFilterType must be SINGLE_TAG or MULTI_TAG, not '" + h.topicFilterType() + "'";
        }
        return null;
    }

    private void deleteTopic(RemotingChannel ch, RemotingCommand req) {
        String topic = req.decodeHeader(DeleteTopicRequestHeader.class).topic();
        if (!settings.get().isMaster()) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, SLAVE_REFUSAL);
            return;
        }
        // As RocketMQ's deleteTopic: a name no topic can have is refused before the system-topic check.
        String invalid = TopicValidator.problem(topic);
        if (invalid != null) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, invalid);
            return;
        }
        if (TopicValidator.isSystemTopic(topic)) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, "The topic[" + topic + "] is conflict with system topic.");
            return;
        }
        topics.delete(topic);
        offsets.removeTopic(topic);
        // As RocketMQ's deleteTopic: the store forgets the topic's queues (cleanUnusedTopic), so a topic
        // created again under the name does not serve the old messages. The reply waits until that is
        // checkpointed. Its %RETRY% and %DLQ% topics are other topics and stay, as in RocketMQ.
        onTopicDeleted.deleted(topic, () -> topics.afterPendingSaves(() -> ch.reply(req, RemotingCommand.success())));
    }

    private void createGroup(RemotingChannel ch, RemotingCommand req) {
        if (!settings.get().isMaster()) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, SLAVE_REFUSAL);
            return;
        }
        SubscriptionGroupConfig config;
        try {
            config = Json.read(req.bodyBytes(), SubscriptionGroupConfig.class);
        } catch (BodyException e) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, e.getMessage());
            return;
        }
        if (config.groupName() == null || config.groupName().isBlank()) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, "the subscription group name is blank");
            return;
        }
        if (config.retryQueueNums() < 0 || config.retryQueueNums() > MAX_QUEUE_NUMS || config.retryMaxTimes() < 0) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, "retryQueueNums must be between 0 and " + MAX_QUEUE_NUMS
                    + " and retryMaxTimes at least 0, not " + config.retryQueueNums() + " and " + config.retryMaxTimes());
            return;
        }
        groups.createOrUpdate(config);
        groups.afterPendingSaves(() -> ch.reply(req, RemotingCommand.success()));
    }

    private void deleteGroup(RemotingChannel ch, RemotingCommand req) {
        DeleteSubscriptionGroupRequestHeader h = req.decodeHeader(DeleteSubscriptionGroupRequestHeader.class);
        if (!settings.get().isMaster()) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, SLAVE_REFUSAL);
            return;
        }
        groups.delete(h.groupName());
        if (h.removeOffset()) {
            offsets.removeGroup(h.groupName());
        }
        groups.afterPendingSaves(() -> ch.reply(req, RemotingCommand.success()));
    }

    private void consumerConnections(RemotingChannel ch, RemotingCommand req) {
        String group = req.decodeHeader(GetConsumerConnectionListRequestHeader.class).consumerGroup();
        ConsumerGroupInfo info = consumers.group(group);
        if (info == null || info.isEmpty()) {
            error(ch, req, ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group[" + group + "] not online");
            return;
        }
        ok(ch, req, new ConsumerConnection(connections(info.channels()), info.subscriptions(), info.consumeType(),
                info.messageModel(), info.consumeFromWhere()));
    }

    private void producerConnections(RemotingChannel ch, RemotingCommand req) {
        String group = req.decodeHeader(GetProducerConnectionListRequestHeader.class).producerGroup();
        List<ClientChannelInfo> members = producers.members(group);
        if (members.isEmpty()) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, "the producer group[" + group + "] not exist");
            return;
        }
        ok(ch, req, new ProducerConnection(connections(members)));
    }

    static Set<ConnectionInfo> connections(Collection<ClientChannelInfo> members) {
        Set<ConnectionInfo> set = new LinkedHashSet<>();
        for (ClientChannelInfo c : members) {
            set.add(new ConnectionInfo(c.clientId(), c.channel().remoteAddress().toString(),
                    c.language() == null ? "OTHER" : c.language().name(), c.version()));
        }
        return set;
    }

    private void whoConsumes(RemotingChannel ch, RemotingCommand req) {
        String topic = req.decodeHeader(QueryTopicConsumeByWhoRequestHeader.class).topic();
        Set<String> who = new TreeSet<>(consumers.groupsSubscribing(topic));
        who.addAll(offsets.groupsOf(topic));
        ok(ch, req, new GroupList(who));
    }
}
