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
 * change, {@code onGroupChanged} is told why (the broker then notifies the group, if the group's
 * config allows it).
 */
public final class ConsumerManager {

    /** Why a group changed. */
    public enum Change {
        /** A heartbeat brought a new member or changed the subscribed topics. */
        HEARTBEAT,
        /** A member unregistered. */
        UNREGISTERED,
        /** A member disappeared without unregistering: its connection closed, or it stopped heartbeating. */
        MEMBER_GONE
    }

    /** Told when a group's membership or topics change. */
    @FunctionalInterface
    public interface Listener {
        void onGroupChanged(String group, ConsumerGroupInfo info, Change change);
    }

    private final TreeMap<String, ConsumerGroupInfo> groups = new TreeMap<>();
    private final Listener onGroupChanged;

    public ConsumerManager(Listener onGroupChanged) {
        this.onGroupChanged = onGroupChanged;
    }

    /** For owners that do not care why a group changed. */
    public ConsumerManager(BiConsumer<String, ConsumerGroupInfo> onGroupChanged) {
        this((group, info, change) -> onGroupChanged.accept(group, info));
    }

    /** Records a consumer heartbeat; returns whether the group changed. */
    public boolean register(String group, ClientChannelInfo info, ConsumeType type, MessageModel model,
            ConsumeFromWhere from, Set<SubscriptionData> subscriptions, long nowNanos) {
        ConsumerGroupInfo g = groups.computeIfAbsent(group, ConsumerGroupInfo::new);
        boolean newMember = g.updateChannel(info, type, model, from, nowNanos);
        boolean newTopics = g.updateSubscriptions(subscriptions);
        if (newMember || newTopics) {
            onGroupChanged.onGroupChanged(group, g, Change.HEARTBEAT);
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
            onGroupChanged.onGroupChanged(group, g, Change.UNREGISTERED);
        }
    }

    /**
     * A connection closed: its member leaves every group it was in. Returns whether it was a member
     * of any (it closed without unregistering).
     */
    public boolean onChannelClosed(RemotingChannel channel) {
        boolean wasMember = false;
        for (Map.Entry<String, ConsumerGroupInfo> e : new ArrayList<>(groups.entrySet())) {
            if (e.getValue().removeChannel(channel.id())) {
                wasMember = true;
                if (e.getValue().isEmpty()) {
                    groups.remove(e.getKey());
                }
                onGroupChanged.onGroupChanged(e.getKey(), e.getValue(), Change.MEMBER_GONE);
            }
        }
        return wasMember;
    }

    /** Drops members silent for longer than {@code expiredMs}; returns them so their channels can be closed. */
    public List<ClientChannelInfo> expire(long nowNanos, long expiredMs) {
        List<ClientChannelInfo> expired = new ArrayList<>();
        for (Map.Entry<String, ConsumerGroupInfo> e : new ArrayList<>(groups.entrySet())) {
            List<ClientChannelInfo> gone = e.getValue().removeExpired(nowNanos, expiredMs * 1_000_000L);
            if (!gone.isEmpty()) {
                expired.addAll(gone);
                if (e.getValue().isEmpty()) {
                    groups.remove(e.getKey());
                }
                onGroupChanged.onGroupChanged(e.getKey(), e.getValue(), Change.MEMBER_GONE);
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
