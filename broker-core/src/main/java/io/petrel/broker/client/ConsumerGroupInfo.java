package io.petrel.broker.client;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.ConsumeType;
import io.petrel.common.MessageModel;
import io.petrel.common.SubscriptionData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One consumer group's members and subscriptions as heartbeats describe them. */
public final class ConsumerGroupInfo {

    private final String groupName;
    private final LinkedHashMap<Long, ClientChannelInfo> channels = new LinkedHashMap<>();
    private final TreeMap<String, SubscriptionData> subscriptions = new TreeMap<>();
    private ConsumeType consumeType;
    private MessageModel messageModel;
    private ConsumeFromWhere consumeFromWhere;

    ConsumerGroupInfo(String groupName) {
        this.groupName = groupName;
    }

    public String groupName() {
        return groupName;
    }

    /** Adds or refreshes a member; true when it is new. */
    boolean updateChannel(ClientChannelInfo info, ConsumeType type, MessageModel model, ConsumeFromWhere from, long nowNanos) {
        consumeType = type;
        messageModel = model;
        consumeFromWhere = from;
        ClientChannelInfo existing = channels.get(info.channel().id());
        if (existing == null) {
            channels.put(info.channel().id(), info);
            return true;
        }
        existing.touch(nowNanos);
        return false;
    }

    /**
     * Replaces the subscriptions with a heartbeat's; true when a topic was added or removed. A
     * subscription with a newer version replaces the old one without counting as a change.
     */
    boolean updateSubscriptions(Set<SubscriptionData> latest) {
        boolean changed = false;
        TreeMap<String, SubscriptionData> byTopic = new TreeMap<>();
        for (SubscriptionData s : latest) {
            byTopic.put(s.topic(), s);
        }
        for (SubscriptionData s : byTopic.values()) {
            SubscriptionData old = subscriptions.get(s.topic());
            if (old == null) {
                subscriptions.put(s.topic(), s);
                changed = true;
            } else if (s.subVersion() > old.subVersion()) {
                subscriptions.put(s.topic(), s);
            }
        }
        if (subscriptions.keySet().retainAll(byTopic.keySet())) {
            changed = true;
        }
        return changed;
    }

    boolean removeChannel(long channelId) {
        return channels.remove(channelId) != null;
    }

    public boolean isEmpty() {
        return channels.isEmpty();
    }

    public Collection<ClientChannelInfo> channels() {
        return new ArrayList<>(channels.values());
    }

    public ClientChannelInfo channelOf(String clientId) {
        for (ClientChannelInfo info : channels.values()) {
            if (info.clientId().equals(clientId)) {
                return info;
            }
        }
        return null;
    }

    public List<String> clientIds() {
        List<String> ids = new ArrayList<>();
        channels.values().forEach(c -> ids.add(c.clientId()));
        return ids;
    }

    public SubscriptionData subscription(String topic) {
        return subscriptions.get(topic);
    }

    public Map<String, SubscriptionData> subscriptions() {
        return new TreeMap<>(subscriptions);
    }

    public ConsumeType consumeType() {
        return consumeType;
    }

    public MessageModel messageModel() {
        return messageModel;
    }

    public ConsumeFromWhere consumeFromWhere() {
        return consumeFromWhere;
    }

    /** Members whose last heartbeat is older than {@code expiredNanos}; removed here. */
    List<ClientChannelInfo> removeExpired(long nowNanos, long expiredNanos) {
        List<ClientChannelInfo> expired = new ArrayList<>();
        channels.values().removeIf(c -> {
            if (nowNanos - c.lastUpdateNanos() > expiredNanos) {
                expired.add(c);
                return true;
            }
            return false;
        });
        return expired;
    }
}
