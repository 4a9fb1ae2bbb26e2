package io.petrel.client;

import io.petrel.common.Check;
import io.petrel.common.MessageQueue;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a topic can be sent: its writable queues on brokers that have a master, in route order
 * (or as {@code orderTopicConf} says), and the round-robin position of this producer.
 */
final class TopicPublishInfo {

    final List<MessageQueue> queues;
    final boolean fromDefaultTopic;
    private int next;

    TopicPublishInfo(List<MessageQueue> queues, boolean fromDefaultTopic, int start) {
        this.queues = List.copyOf(queues);
        this.fromDefaultTopic = fromDefaultTopic;
        this.next = start;
    }

    boolean isEmpty() {
        return queues.isEmpty();
    }

    /** The next queue in turn, skipping {@code avoidBroker} when another broker has queues. */
    MessageQueue selectOne(String avoidBroker) {
        Check.state(!queues.isEmpty(), "no queue to select from");
        for (int i = 0; i < queues.size(); i++) {
            MessageQueue mq = queues.get(Math.floorMod(next++, queues.size()));
            if (avoidBroker == null || !mq.brokerName().equals(avoidBroker)) {
                return mq;
            }
        }
        return queues.get(Math.floorMod(next++, queues.size()));
    }

    /** The next queue in turn whose broker {@code available} accepts; any next queue when none is. */
    MessageQueue selectAvailable(Predicate<String> available, String avoidBroker) {
        for (int i = 0; i < queues.size(); i++) {
            MessageQueue mq = queues.get(Math.floorMod(next++, queues.size()));
            if (available.test(mq.brokerName()) && (avoidBroker == null || !mq.brokerName().equals(avoidBroker))) {
                return mq;
            }
        }
        return selectOne(avoidBroker);
    }
}
