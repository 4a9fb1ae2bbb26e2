package io.petrel.admin;

import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.QueueData;
import io.petrel.common.ResetOffsetBody;
import io.petrel.common.TopicOffset;
import io.petrel.common.TopicRouteData;
import io.petrel.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * resetOffsetByTime. First every broker of the topic is asked to reset the group's offsets and
 * tell its online consumers (INVOKE_BROKER_TO_RESET_OFFSET). When a broker answers that no
 * consumer is online, the offsets are written on the brokers directly instead, queue by queue:
 * the offset for the time (SEARCH_OFFSET_BY_TIMESTAMP, or GET_MAX_OFFSET for "now") replaces
 * the group's offset when forced or when it moves backwards (UPDATE_CONSUMER_OFFSET). This is
 * what mqadmin does, so operators get the same result from either tool.
 */
final class OffsetReset {

    /** The timestamp meaning "the end of every queue". */
    static final long NOW = -1;

    private final NamesrvAdmin namesrv;
    private final BrokerAdmin broker;

    OffsetReset(NamesrvAdmin namesrv, BrokerAdmin broker) {
        this.namesrv = namesrv;
        this.broker = broker;
    }

    Promise<ResetOffsetResult> resetByTime(String topic, String group, long timestamp, boolean force) {
        return namesrv.route(topic).then(route -> {
            Map<String, String> addresses = ClusterView.routeAddresses(route);
            List<Promise<ResetOffsetBody>> calls = new ArrayList<>();
            addresses.values().forEach(a -> calls.add(broker.resetOffset(a, topic, group, timestamp, force)));
            return Promise.allSettled(calls).then(outcomes -> {
                boolean offline = outcomes.stream().anyMatch(o -> !o.isOk() && o.error().code() == ResponseCode.CONSUMER_NOT_ONLINE);
                if (offline) {
                    return offline(route, topic, group, timestamp, force);
                }
                TreeMap<MessageQueue, Long> merged = new TreeMap<>();
                outcomes.forEach(o -> merged.putAll(o.orThrow().offsetTable()));
                return Promise.of(new ResetOffsetResult(topic, group, timestamp, force, merged, null));
            });
        });
    }

    private Promise<ResetOffsetResult> offline(TopicRouteData route, String topic, String group, long timestamp,
            boolean force) {
        List<Promise<List<RollbackStats>>> perBroker = new ArrayList<>();
        ClusterView.routeAddresses(route).forEach((name, address) -> perBroker.add(
                queuesToReset(address, name, readQueues(route, name), topic, group).then(queues ->
                        resetEach(address, group, queues, timestamp, force))));
        return Promise.all(perBroker).map(lists -> {
            List<RollbackStats> all = new ArrayList<>();
            lists.forEach(all::addAll);
            return new ResetOffsetResult(topic, group, timestamp, force, null, all);
        });
    }

    private static int readQueues(TopicRouteData route, String brokerName) {
        if (route.queueDatas() != null) {
            for (QueueData q : route.queueDatas()) {
                if (q.brokerName().equals(brokerName)) {
                    return q.readQueueNums();
                }
            }
        }
        return 0;
    }

    /** The group's consumed queues of the topic on one broker, or every read queue when it consumed none. */
    private Promise<Map<MessageQueue, OffsetWrapper>> queuesToReset(String address, String brokerName, int readQueues,
            String topic, String group) {
        return broker.consumeStats(address, group, null).settled().then(stats -> {
            TreeMap<MessageQueue, OffsetWrapper> consumed = new TreeMap<>();
            if (stats.isOk()) {
                stats.value().offsetTable().forEach((mq, w) -> {
                    if (mq.topic().equals(topic)) {
                        consumed.put(mq, w);
                    }
                });
            }
            if (!consumed.isEmpty()) {
                return Promise.of(consumed);
            }
            return broker.topicStats(address, topic).map(table -> {
                TreeMap<MessageQueue, OffsetWrapper> all = new TreeMap<>();
                for (int q = 0; q < readQueues; q++) {
                    MessageQueue mq = new MessageQueue(topic, brokerName, q);
                    TopicOffset offsets = table.offsetTable().get(mq);
                    if (offsets != null) {
                        all.put(mq, new OffsetWrapper(offsets.maxOffset(), offsets.minOffset(), 0));
                    }
                }
                return all;
            });
        });
    }

    private Promise<List<RollbackStats>> resetEach(String address, String group, Map<MessageQueue, OffsetWrapper> queues,
            long timestamp, boolean force) {
        List<Promise<RollbackStats>> calls = new ArrayList<>();
        queues.forEach((mq, w) -> calls.add(resetOne(address, group, mq, w, timestamp, force)));
        return Promise.all(calls);
    }

    private Promise<RollbackStats> resetOne(String address, String group, MessageQueue mq, OffsetWrapper w,
            long timestamp, boolean force) {
        Promise<Long> target = timestamp == NOW ? broker.maxOffset(address, mq) : broker.searchOffset(address, mq, timestamp);
        return target.then(offset -> {
            boolean write = force || offset <= w.consumerOffset();
            RollbackStats stats = new RollbackStats(mq.brokerName(), mq.queueId(), w.brokerOffset(), w.consumerOffset(),
                    offset, write ? offset : w.consumerOffset());
            if (!write) {
                return Promise.of(stats);
            }
            return broker.updateConsumerOffset(address, group, mq, offset).map(v -> stats);
        });
    }
}
