package io.petrel.broker.processor;

import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ProducerManager;
import io.petrel.common.ProducerInfo;
import io.petrel.common.ProducerTableInfo;
import io.petrel.common.TopicList;
import io.petrel.env.Clock;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Two lists the broker keeps, read-only. GET_SYSTEM_TOPIC_LIST_FROM_BROKER: the names this broker
 * treats as system topics, as RocketMQ 4.9.8 lists them (its fixed set plus the cluster, broker,
 * trace and reply topics its topic table adds at start-up), with no broker address.
 * GET_ALL_PRODUCER_INFO: every producer group with live members, each member with its client id,
 * address, language, version and last heartbeat (wall ms, derived from the monotonic time the
 * heartbeat was taken at).
 */
public final class BrokerListsProcessor {

    private final Supplier<Set<String>> systemTopics;
    private final ProducerManager producers;
    private final Clock clock;

    public BrokerListsProcessor(Supplier<Set<String>> systemTopics, ProducerManager producers, Clock clock) {
        this.systemTopics = systemTopics;
        this.producers = producers;
        this.clock = clock;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, this::systemTopicList)
                .register(RequestCode.GET_ALL_PRODUCER_INFO, this::allProducerInfo);
    }

    private void systemTopicList(RemotingChannel channel, RemotingCommand request) {
        Replies.ok(channel, request, new TopicList(systemTopics.get(), null));
    }

    private void allProducerInfo(RemotingChannel channel, RemotingCommand request) {
        long nowMs = clock.nowMs();
        long nowNanos = clock.nanoTime();
        Map<String, List<ProducerInfo>> table = new TreeMap<>();
        for (Map.Entry<String, List<ClientChannelInfo>> group : producers.groups().entrySet()) {
            List<ProducerInfo> members = new ArrayList<>();
            for (ClientChannelInfo c : group.getValue()) {
                long heartbeatMs = nowMs - (nowNanos - c.lastUpdateNanos()) / 1_000_000L;
                members.add(new ProducerInfo(c.clientId(), c.channel().remoteAddress().toString(),
                        c.language() == null ? "OTHER" : c.language().name(), c.version(), heartbeatMs));
            }
            table.put(group.getKey(), members);
        }
        Replies.ok(channel, request, new ProducerTableInfo(table));
    }
}
