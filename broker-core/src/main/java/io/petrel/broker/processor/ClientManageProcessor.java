package io.petrel.broker.processor;

import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.client.ProducerManager;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.BodyException;
import io.petrel.common.ConsumerData;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.MixAll;
import io.petrel.common.PermName;
import io.petrel.common.ProducerData;
import io.petrel.common.SubscriptionData;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.UnregisterClientRequestHeader;

/**
 * HEART_BEAT, UNREGISTER_CLIENT and CHECK_CLIENT_CONFIG: who the clients are. A heartbeat
 * registers each of the client's producer and consumer groups, finds or creates each consumer
 * group's settings and its retry topic, and stores the subscriptions pulls are filtered with.
 */
public final class ClientManageProcessor {

    /** CHECK_CLIENT_CONFIG's body. */
    record CheckClientRequestBody(String clientId, String group, SubscriptionData subscriptionData) {
    }

    private final Env env;
    private final ConsumerManager consumers;
    private final ProducerManager producers;
    private final SubscriptionGroupManager groups;
    private final TopicConfigManager topics;

    public ClientManageProcessor(Env env, ConsumerManager consumers, ProducerManager producers,
            SubscriptionGroupManager groups, TopicConfigManager topics) {
        this.env = env;
        this.consumers = consumers;
        this.producers = producers;
        this.groups = groups;
        this.topics = topics;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.HEART_BEAT, this::heartbeat)
                .register(RequestCode.UNREGISTER_CLIENT, this::unregister)
                .register(RequestCode.CHECK_CLIENT_CONFIG, this::checkClientConfig);
    }

    private void heartbeat(RemotingChannel channel, RemotingCommand request) {
        HeartbeatData heartbeat;
        try {
            heartbeat = Json.read(request.bodyBytes(), HeartbeatData.class);
        } catch (BodyException e) {
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage()));
            return;
        }
        if (heartbeat.clientID() == null || heartbeat.clientID().isBlank()) {
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "heartbeat without a clientID"));
            return;
        }
        String unnamed = subscriptionWithoutTopic(heartbeat);
        if (unnamed != null) {
            // A peer's body, not Petrel's bug: a null topic broke the group's subscription table (issue 23).
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                    "heartbeat of consumer group " + unnamed + " has a subscription without a topic"));
            return;
        }
        long now = env.clock().nanoTime();
        ClientChannelInfo info = new ClientChannelInfo(channel, heartbeat.clientID(), request.language(), request.version(), now);
        channel.attach(info);
        for (ConsumerData data : heartbeat.consumerDataSet()) {
            if (data.groupName() == null || data.groupName().isBlank()) {
                continue;
            }
            SubscriptionGroupConfig config = groups.findOrCreate(data.groupName());
            if (config != null) {
                topics.createIfAbsent(MixAll.retryTopic(data.groupName()), Math.max(1, config.retryQueueNums()),
                        PermName.PERM_READ | PermName.PERM_WRITE, 0);
            }
            consumers.register(data.groupName(), info, data.consumeType(), data.messageModel(), data.consumeFromWhere(),
                    data.subscriptionDataSet(), now);
        }
        for (ProducerData data : heartbeat.producerDataSet()) {
            if (data.groupName() != null && !data.groupName().isBlank()) {
                producers.register(data.groupName(), info, now);
            }
        }
        channel.reply(request, RemotingCommand.success());
    }

    /** The group of a consumer whose subscriptions include one without a topic (or a null one), or null. */
    private static String subscriptionWithoutTopic(HeartbeatData heartbeat) {
        for (ConsumerData data : heartbeat.consumerDataSet()) {
            if (data.subscriptionDataSet() != null
                    && data.subscriptionDataSet().stream().anyMatch(sub -> sub == null || sub.topic() == null)) {
                return data.groupName();
            }
        }
        return null;
    }

    private void unregister(RemotingChannel channel, RemotingCommand request) {
        UnregisterClientRequestHeader h = request.decodeHeader(UnregisterClientRequestHeader.class);
        if (h.producerGroup() != null) {
            producers.unregister(h.producerGroup(), channel);
        }
        if (h.consumerGroup() != null) {
            consumers.unregister(h.consumerGroup(), channel);
        }
        channel.reply(request, RemotingCommand.success());
    }

    private void checkClientConfig(RemotingChannel channel, RemotingCommand request) {
        CheckClientRequestBody body;
        try {
            body = Json.read(request.bodyBytes(), CheckClientRequestBody.class);
        } catch (BodyException e) {
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage()));
            return;
        }
        SubscriptionData sub = body.subscriptionData();
        if (sub != null && !sub.isTagType()) {
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                    "The broker does not support consumer to filter message by " + sub.expressionType()));
            return;
        }
        channel.reply(request, RemotingCommand.success());
    }
}
