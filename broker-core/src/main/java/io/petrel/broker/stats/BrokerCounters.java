package io.petrel.broker.stats;

import java.util.TreeMap;

/**
 * Messages and bytes put and got, in total and per topic, since start. Single-threaded on the
 * broker's loop; increments are a map lookup and two additions.
 */
public final class BrokerCounters {

    /** One topic's (or the whole broker's) counts. */
    public static final class Counts {
        long putMessages;
        long putBytes;
        long getMessages;
        long getBytes;

        public long putMessages() {
            return putMessages;
        }

        public long putBytes() {
            return putBytes;
        }

        public long getMessages() {
            return getMessages;
        }

        public long getBytes() {
            return getBytes;
        }
    }

    private final Counts total = new Counts();
    private final TreeMap<String, Counts> byTopic = new TreeMap<>();

    public void onPut(String topic, int messages, long bytes) {
        total.putMessages += messages;
        total.putBytes += bytes;
        Counts c = byTopic.computeIfAbsent(topic, t -> new Counts());
        c.putMessages += messages;
        c.putBytes += bytes;
    }

    public void onGet(String group, String topic, int messages, long bytes) {
        total.getMessages += messages;
        total.getBytes += bytes;
        Counts c = byTopic.computeIfAbsent(topic, t -> new Counts());
        c.getMessages += messages;
        c.getBytes += bytes;
    }

    public Counts total() {
        return total;
    }

    public Counts topic(String topic) {
        return byTopic.getOrDefault(topic, new Counts());
    }
}
