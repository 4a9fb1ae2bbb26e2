package io.petrel.admin;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.ConsumeStatus;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerData;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.FilterApi;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.ProcessQueueInfo;
import io.petrel.common.SubscriptionData;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A push consumer reduced to what admin commands see of one: it heartbeats its group and
 * subscription to the brokers (so they list its connection and create its retry topic) and
 * answers GET_CONSUMER_RUNNING_INFO with the queues it claims, with fastjson's object keys as
 * the Java client writes them.
 */
final class FakeConsumer implements Node {

    private final Env env;
    private final String clientId;
    private final String group;
    private final String topic;
    private final List<Address> brokers;
    private final List<MessageQueue> owned;
    private RemotingClient client;
    int heartbeatsAnswered;

    FakeConsumer(Env env, String clientId, String group, String topic, List<Address> brokers, List<MessageQueue> owned) {
        this.env = env;
        this.clientId = clientId;
        this.group = group;
        this.topic = topic;
        this.brokers = brokers;
        this.owned = owned;
    }

    @Override
    public void start() {
        RequestDispatcher d = new RequestDispatcher(env).register(RequestCode.GET_CONSUMER_RUNNING_INFO,
                (ch, req) -> ch.reply(req, RemotingCommand.success().body(FixtureBroker.officialKeys(Json.write(runningInfo())))));
        client = new RemotingClient(env, d, 3_000);
        Set<SubscriptionData> subs = new LinkedHashSet<>(List.of(FilterApi.build(topic, "*", 1_700_000_000_000L),
                FilterApi.build(MixAll.retryTopic(group), "*", 1_700_000_000_000L)));
        HeartbeatData heartbeat = new HeartbeatData(clientId, null, Set.of(new ConsumerData(group,
                ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING, ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, subs, false)));
        for (Address broker : brokers) {
            client.invoke(broker, RemotingCommand.request(RequestCode.HEART_BEAT, null).body(Json.write(heartbeat)), 3_000,
                    ResponseCallback.of(r -> heartbeatsAnswered++, f -> { }));
        }
    }

    private ConsumerRunningInfo runningInfo() {
        TreeMap<String, String> props = new TreeMap<>();
        props.put(ConsumerRunningInfo.PROP_CONSUME_TYPE, ConsumeType.CONSUME_PASSIVELY.name());
        props.put(ConsumerRunningInfo.PROP_CONSUMER_START_TIMESTAMP, "1700000000000");
        TreeMap<MessageQueue, ProcessQueueInfo> mq = new TreeMap<>();
        owned.forEach(q -> mq.put(q, new ProcessQueueInfo(5, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, false, 0, 0)));
        TreeMap<String, ConsumeStatus> status = new TreeMap<>();
        status.put(topic, new ConsumeStatus(1, 2, 3, 4, 0, 0));
        return new ConsumerRunningInfo(props, Set.of(FilterApi.build(topic, "*", 1_700_000_000_000L)), mq, status, null);
    }

    @Override
    public void shutdown(Runnable done) {
        client.stop();
        done.run();
    }
}
