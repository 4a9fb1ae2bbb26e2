package io.petrel.client;

import io.petrel.common.MessageQueue;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Clustering offsets, kept by the broker that hosts each queue: read with QUERY_CONSUMER_OFFSET
 * and committed with oneway UPDATE_CONSUMER_OFFSET (a lost commit only means re-delivery).
 * Offsets also ride on pull requests (the commit-offset flag), as in RocketMQ.
 */
final class RemoteBrokerOffsetStore implements OffsetStore {

    private final ConsumerProxy proxy;
    private final String group;
    private final TreeMap<MessageQueue, Long> table = new TreeMap<>();

    RemoteBrokerOffsetStore(ConsumerProxy proxy, String group) {
        this.proxy = proxy;
        this.group = group;
    }

    @Override
    public void load() {
        // Nothing is kept locally; the broker answers reads.
    }

    @Override
    public void updateOffset(MessageQueue mq, long offset, boolean increaseOnly) {
        Long old = table.get(mq);
        if (old == null || !increaseOnly || offset > old) {
            table.put(mq, offset);
        }
    }

    @Override
    public void readOffset(MessageQueue mq, ReadOffsetType type, Consumer<Long> result) {
        if (type == ReadOffsetType.READ_FROM_MEMORY) {
            result.accept(table.getOrDefault(mq, NOT_FOUND));
            return;
        }
        proxy.queryConsumerOffset(group, mq, offset -> {
            if (offset >= 0) {
                updateOffset(mq, offset, false);
            }
            result.accept(offset);
        }, error -> result.accept(FAILED));
    }

    @Override
    public void persistAll(Collection<MessageQueue> queues, Runnable done) {
        for (MessageQueue mq : queues) {
            persist(mq);
        }
        done.run();
    }

    @Override
    public void persist(MessageQueue mq) {
        Long offset = table.get(mq);
        if (offset != null) {
            proxy.updateConsumerOffsetOneway(group, mq, offset);
        }
    }

    @Override
    public void removeOffset(MessageQueue mq) {
        table.remove(mq);
    }

    @Override
    public Map<MessageQueue, Long> offsets(String topic) {
        Map<MessageQueue, Long> result = new TreeMap<>();
        table.forEach((mq, offset) -> {
            if (topic == null || mq.topic().equals(topic)) {
                result.put(mq, offset);
            }
        });
        return result;
    }
}
