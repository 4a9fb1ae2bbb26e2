package io.petrel.broker.client;

import io.petrel.remoting.RemotingChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every producer group with at least one live member, from heartbeats. */
public final class ProducerManager {

    private final TreeMap<String, LinkedHashMap<Long, ClientChannelInfo>> groups = new TreeMap<>();

    public void register(String group, ClientChannelInfo info, long nowNanos) {
        LinkedHashMap<Long, ClientChannelInfo> members = groups.computeIfAbsent(group, g -> new LinkedHashMap<>());
        ClientChannelInfo existing = members.get(info.channel().id());
        if (existing == null) {
            members.put(info.channel().id(), info);
        } else {
            existing.touch(nowNanos);
        }
    }

    public void unregister(String group, RemotingChannel channel) {
        LinkedHashMap<Long, ClientChannelInfo> members = groups.get(group);
        if (members != null) {
            members.remove(channel.id());
            if (members.isEmpty()) {
                groups.remove(group);
            }
        }
    }

    public void onChannelClosed(RemotingChannel channel) {
        groups.values().forEach(members -> members.remove(channel.id()));
        groups.values().removeIf(Map::isEmpty);
    }

    public List<ClientChannelInfo> expire(long nowNanos, long expiredMs) {
        List<ClientChannelInfo> expired = new ArrayList<>();
        for (LinkedHashMap<Long, ClientChannelInfo> members : groups.values()) {
            members.values().removeIf(c -> {
                if (nowNanos - c.lastUpdateNanos() > expiredMs * 1_000_000L) {
                    expired.add(c);
                    return true;
                }
                return false;
            });
        }
        groups.values().removeIf(Map::isEmpty);
        return expired;
    }

    /**
     * The live producer with this client id in any group (a requester waiting for replies), or null.
     * Several connections of one client id (one per group) are the same process: the first serves.
     */
    public ClientChannelInfo findByClientId(String clientId) {
        for (LinkedHashMap<Long, ClientChannelInfo> members : groups.values()) {
            for (ClientChannelInfo member : members.values()) {
                if (member.clientId().equals(clientId)) {
                    return member;
                }
            }
        }
        return null;
    }

    /** A group's members (empty when none). */
    public List<ClientChannelInfo> members(String group) {
        LinkedHashMap<Long, ClientChannelInfo> members = groups.get(group);
        return members == null ? new ArrayList<>() : new ArrayList<>(members.values());
    }

    /** Every group with live members, in name order, each with its members in heartbeat order. */
    public Map<String, List<ClientChannelInfo>> groups() {
        Map<String, List<ClientChannelInfo>> copy = new TreeMap<>();
        groups.forEach((group, members) -> copy.put(group, new ArrayList<>(members.values())));
        return copy;
    }
}
