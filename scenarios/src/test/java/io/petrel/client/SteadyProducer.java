package io.petrel.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Sends {@code total} messages from a client node, one every {@code intervalMs} of virtual time
 * (or, with an interval of 0, each after the previous one was answered), optionally in order per key
 * through a queue selector, and remembers which were acknowledged.
 * Bodies are {@code <batch>/k<key>:<seq>} with seq counting per key from 0; every producer of a
 * test gets its own batch number, so bodies are unique within a test.
 */
final class SteadyProducer {

    final TreeSet<String> acked = new TreeSet<>();
    final List<String> failed = new ArrayList<>();
    final List<SendResult> results = new ArrayList<>();
    private final Producer producer;
    private final ClientNode node;
    private final String topic;
    private final int total;
    private final int keys;
    private final long intervalMs;
    private final boolean ordered;
    private final int[] nextSeq;
    private static int batches;
    private final int batch = ++batches;
    private int sent;

    SteadyProducer(ClientNode node, Producer producer, String topic, int total, int keys, long intervalMs, boolean ordered) {
        this.node = node;
        this.producer = producer;
        this.topic = topic;
        this.total = total;
        this.keys = keys;
        this.intervalMs = intervalMs;
        this.ordered = ordered;
        this.nextSeq = new int[keys];
    }

    void start() {
        node.env().scheduler().schedule(Math.max(1, intervalMs), this::sendOne);
    }

    private void next() {
        if (intervalMs == 0) {
            node.env().scheduler().execute(this::sendOne);
        }
    }

    boolean finished() {
        return acked.size() + failed.size() == total;
    }

    int sent() {
        return sent;
    }

    private void sendOne() {
        if (sent == total) {
            return;
        }
        int key = sent % keys;
        String body = batch + "/k" + key + ":" + nextSeq[key]++;
        sent++;
        Message m = new Message(topic, body.getBytes(StandardCharsets.UTF_8));
        m.setKeys("k" + key);
        SendCallback callback = new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                acked.add(body);
                results.add(result);
                next();
            }

            @Override
            public void onException(ClientException error) {
                failed.add(body + " " + error.getMessage());
                next();
            }
        };
        if (ordered) {
            producer.send(m, (queues, message, arg) -> queues.get(Math.floorMod((Integer) arg, queues.size())), key, callback);
        } else {
            producer.send(m, callback);
        }
        if (intervalMs > 0) {
            node.env().scheduler().schedule(intervalMs, this::sendOne);
        }
    }
}
