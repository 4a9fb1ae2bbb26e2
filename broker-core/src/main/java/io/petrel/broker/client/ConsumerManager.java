package io.petrel.broker.client;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.ConsumeType;
import io.petrel.common.MessageModel;
import io.petrel.common.SubscriptionData;
import io.petrel.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Every consumer group with at least one member. When a group's membership or subscribed topics
 * change, {@code onGroupChanged} is told (the broker then notifies the group, if the group's
 * config allows it).
 */
public final class ConsumerManager {

    private final TreeMap<String, ConsumerGroupInfo> groups = new TreeMap<>();
    private final BiConsumer<String, ConsumerGroupInfo> onGroupChanged;

    public ConsumerManager(BiConsumer<String, ConsumerGroupInfo> onGroupChanged) {
        this.onGroupChanged = onGroupChanged;
    }

    /** Records a consumer heartbeat; returns whether the group changed. */
    public boolean register(String group, ClientChannelInfo info, ConsumeType type, MessageModel model,
            ConsumeFromWhere from, Set<SubscriptionData> subscriptions, long nowNanos) {
        ConsumerGroupInfo g = groups.computeIfAbsent(group, ConsumerGroupInfo::new);
        boolean newMember = g.updateChannel(info, type, model, from, nowNanos);
        boolean newTopics = g.updateSubscriptions(subscriptions);
        if (newMember || newTopics) {
            onGroupChanged.accept(group, g);
            return true;
        }
        return false;
    }

    public void unregister(String group, RemotingChannel channel) {
        ConsumerGroupInfo g = groups.get(group);
        if (g != null && g.removeChannel(channel.id())) {
            if (g.isEmpty()) {
                groups.remove(group);
            }
            onGroupChanged.accept(group, g);
        }
    }

    /** A connection closed: its member leaves every group it was in. */
    public void onChannelClosed(RemotingChannel channel) {
        for (Map.Entry<String, ConsumerGroupInfo> e : new ArrayList<>(groups.entrySet())) {
            if (e.getValue().removeChannel(channel.id())) {
                if (e.getValue().isEmpty()) {
                    groups.remove(e.getKey());
                }
                onGroupChanged.accept(e.getKey(), e.getValue());
            }
        }
    }

    /** Drops members silent for longer than {@code expiredMillis}; returns them so their channels can be closed. */
    public List<ClientChannelInfo> expire(long nowNanos, long expiredMillis) {
        List<ClientChannelInfo> expired = new ArrayList<>();
        for (Map.Entry<String, ConsumerGroupInfo> e : new ArrayList<>(groups.entrySet())) {
            List<ClientChannelInfo> gone = e.getValue().removeExpired(nowNanos, expiredMillis * 1_000_000L);
            if (!gone.isEmpty()) {
                expired.addAll(gone);
                if (e.getValue().isEmpty()) {
                    groups.remove(e.getKey());
                }
                onGroupChanged.accept(e.getKey(), e.getValue());
            }
        }
        return expired;
    }

    public ConsumerGroupInfo group(String group) {
        return groups.get(group);
    }

    /** Groups with an online member subscribed to {@code topic}. */
    public Set<String> groupsSubscribing(String topic) {
        Set<String> result = new TreeSet<>();
        groups.forEach((name, g) -> {
            if (g.subscription(topic) != null) {
                result.add(name);
            }
        });
        return result;
    }

    public Set<String> groupNames() {
        return new TreeSet<>(groups.keySet());
    }
}
