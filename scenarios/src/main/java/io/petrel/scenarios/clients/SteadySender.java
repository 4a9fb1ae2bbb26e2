package io.petrel.scenarios.clients;

import io.petrel.client.ClientException;
import io.petrel.client.ClientNode;
import io.petrel.client.Message;
import io.petrel.client.Producer;
import io.petrel.client.SendCallback;
import io.petrel.client.SendResult;
import io.petrel.client.SendStatus;
import java.nio.charset.StandardCharsets;

/**
 * A producer application: one message every 20 ms with a unique body {@code <node>-<start>-<n>},
 * recorded in the history as invoked, then acknowledged (SEND_OK) or failed. A restarted node
 * starts a new numbering, so bodies stay unique.
 */
final class SteadySender {

    private static final long INTERVAL_MS = 20;

    private final ClientNode node;
    private final Producer producer;
    private final String topic;
    private final ClientHistory history;
    private final String prefix;
    private long next;
    private boolean stopped;

    SteadySender(ClientNode node, Producer producer, String topic, ClientHistory history) {
        this.node = node;
        this.producer = producer;
        this.topic = topic;
        this.history = history;
        this.prefix = node.env().nodeName() + "-" + node.env().clock().nowMs() + "-";
    }

    SteadySender start() {
        node.env().scheduler().schedule(INTERVAL_MS, this::sendOne);
        return this;
    }

    /** Sends nothing more; what is in flight still completes. */
    void stop() {
        stopped = true;
    }

    private void sendOne() {
        if (stopped) {
            return;
        }
        String body = prefix + next++;
        history.onInvoke(body);
        Message m = new Message(topic, body.getBytes(StandardCharsets.UTF_8));
        m.setKeys(body);
        producer.sendAsync(m, new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                if (result.sendStatus() == SendStatus.SEND_OK) {
                    history.onAck(body);
                }
            }

            @Override
            public void onException(ClientException error) {
                history.onFail(body);
            }
        });
        node.env().scheduler().schedule(INTERVAL_MS, this::sendOne);
    }
}
