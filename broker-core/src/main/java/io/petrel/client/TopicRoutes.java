package io.petrel.client;

import io.petrel.common.BrokerData;
import io.petrel.common.MessageQueue;
import io.petrel.common.PermName;
import io.petrel.common.QueueData;
import io.petrel.common.TopicRouteData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The routes this client instance knows, by topic, and every broker address they name. Pure
 * state, refreshed by the instance from the NameServers.
 */
final class TopicRoutes {

    private final TreeMap<String, TopicRouteData> routes = new TreeMap<>();
    private final TreeMap<String, BrokerData> brokers = new TreeMap<>();

    TopicRouteData route(String topic) {
        return routes.get(topic);
    }

    /** Stores a route; returns whether it differs from the one known before. */
    boolean update(String topic, TopicRouteData route) {
        TopicRouteData old = routes.put(topic, route);
        for (BrokerData b : route.brokerDatas()) {
            brokers.put(b.brokerName(), b);
        }
        return !route.equals(old);
    }

    void remove(String topic) {
        routes.remove(topic);
    }

    /** The master's address of a broker group, or null. */
    String masterAddress(String brokerName) {
        BrokerData b = brokers.get(brokerName);
        return b == null ? null : b.masterAddress();
    }

    /** The master's address, or (when {@code anyIfNoMaster}) a slave's. */
    String address(String brokerName, boolean anyIfNoMaster) {
        BrokerData b = brokers.get(brokerName);
        if (b == null || b.brokerAddrs().isEmpty()) {
            return null;
        }
        String master = b.masterAddress();
        return master != null || !anyIfNoMaster ? master : b.brokerAddrs().firstEntry().getValue();
    }

    /** A broker address for a consumer, and whether it is a slave's. */
    record SubscribeAddress(String address, boolean slave) {
    }

    /**
     * RocketMQ's {@code findBrokerAddressInSubscribe}: the address of {@code brokerId} in the group,
     * else (for a slave id) of the next id, else, unless {@code onlyThisBroker}, of the group's
     * first address (the master when it is there, else a slave). Null when none fits.
     */
    SubscribeAddress findInSubscribe(String brokerName, long brokerId, boolean onlyThisBroker) {
        BrokerData b = brokers.get(brokerName);
        if (b == null || b.brokerAddrs().isEmpty()) {
            return null;
        }
        String address = b.brokerAddrs().get(brokerId);
        if (address != null) {
            return new SubscribeAddress(address, brokerId != BrokerData.MASTER_ID);
        }
        if (brokerId != BrokerData.MASTER_ID && b.brokerAddrs().get(brokerId + 1) != null) {
            return new SubscribeAddress(b.brokerAddrs().get(brokerId + 1), true);
        }
        if (onlyThisBroker) {
            return null;
        }
        Map.Entry<Long, String> first = b.brokerAddrs().firstEntry();
        return new SubscribeAddress(first.getValue(), first.getKey() != BrokerData.MASTER_ID);
    }

    /** Every broker address: masters only, or every address when consumers need slaves too. */
    List<String> brokerAddresses(boolean mastersOnly) {
        List<String> addresses = new ArrayList<>();
        for (BrokerData b : brokers.values()) {
            if (mastersOnly) {
                if (b.masterAddress() != null) {
                    addresses.add(b.masterAddress());
                }
            } else {
                addresses.addAll(b.brokerAddrs().values());
            }
        }
        return addresses;
    }

    TreeMap<String, BrokerData> brokers() {
        return new TreeMap<>(brokers);
    }

    /** Writable queues on brokers with a master, in route order; {@code orderTopicConf} overrides. */
    static List<MessageQueue> publishQueues(String topic, TopicRouteData route) {
        List<MessageQueue> queues = new ArrayList<>();
        if (route.orderTopicConf() != null && !route.orderTopicConf().isEmpty()) {
            for (String part : route.orderTopicConf().split(";")) {
                String[] nameAndCount = part.split(":");
                if (nameAndCount.length == 2) {
                    int count = Integer.parseInt(nameAndCount[1].trim());
                    for (int i = 0; i < count; i++) {
                        queues.add(new MessageQueue(topic, nameAndCount[0].trim(), i));
                    }
                }
            }
            return queues;
        }
        Map<String, BrokerData> byName = new TreeMap<>();
        route.brokerDatas().forEach(b -> byName.put(b.brokerName(), b));
        List<QueueData> datas = new ArrayList<>(route.queueDatas());
        datas.sort((a, b) -> a.brokerName().compareTo(b.brokerName()));
        for (QueueData q : datas) {
            BrokerData b = byName.get(q.brokerName());
            if (PermName.isWriteable(q.perm()) && b != null && b.masterAddress() != null) {
                for (int i = 0; i < q.writeQueueNums(); i++) {
                    queues.add(new MessageQueue(topic, q.brokerName(), i));
                }
            }
        }
        return queues;
    }

    /** Readable queues, sorted (what rebalancing divides). */
    static TreeSet<MessageQueue> subscribeQueues(String topic, TopicRouteData route) {
        TreeSet<MessageQueue> queues = new TreeSet<>();
        for (QueueData q : route.queueDatas()) {
            if (PermName.isReadable(q.perm())) {
                for (int i = 0; i < q.readQueueNums(); i++) {
                    queues.add(new MessageQueue(topic, q.brokerName(), i));
                }
            }
        }
        return queues;
    }
}
