package io.petrel.scenarios.fuzz;

import io.petrel.client.ClientException;
import io.petrel.client.ClientNode;
import io.petrel.client.Message;
import io.petrel.client.Producer;
import io.petrel.client.ProducerConfig;
import io.petrel.client.SendCallback;
import io.petrel.client.SendResult;
import io.petrel.client.SendStatus;
import io.petrel.common.MessageQueue;
import io.petrel.common.message.MessageId;
import io.petrel.env.RandomSource;
import io.petrel.scenarios.history.Bodies;
import io.petrel.scenarios.history.History;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A producer application in a fuzz scenario: sends at its planned rate, choosing each time among
 * sync, async, oneway, batch, ordered and delayed sends by the plan's weights, and records every
 * send and its outcome. Ordered sends keep four keys; a key's next message goes out only once the
 * previous one is acknowledged (a failed or unknown one is sent again under a new id), always to
 * the same queue of a fixed list, so per-key order is a promise the checker can hold the system to.
 * A restarted node starts a new session: new ids and new keys.
 */
public final class FuzzProducerApp {

    private static final int KEYS = 4;

    private final ClientNode node;
    private final FuzzPlan.ProducerPlan plan;
    private final double transactional;
    private final History history;
    private final List<MessageQueue> orderQueues;
    private final LongSupplier runMs;
    private final RandomSource random;
    private final String session;
    private final int[] nextSeq = new int[KEYS];
    private final boolean[] keyBusy = new boolean[KEYS];
    private Producer producer;
    private long counter;
    private int nextKey;
    private boolean stopped;

    public FuzzProducerApp(ClientNode node, FuzzPlan.ProducerPlan plan, double transactional, History history,
            List<MessageQueue> orderQueues, LongSupplier runMs) {
        this.node = node;
        this.transactional = transactional;
        this.runMs = runMs;
        this.plan = plan;
        this.history = history;
        this.orderQueues = orderQueues;
        this.random = node.env().random();
        this.session = node.env().nodeName() + "." + Long.toHexString(random.nextLong() & 0xFFFFFFL);
    }

    /** The producer group of the producer on node {@code nodeName}. */
    public static String group(String nodeName) {
        return "fuzz-pg-" + nodeName;
    }

    public void start() {
        producer = node.startProducer(ProducerConfig.of(group(node.env().nodeName())).withSendLatencyFaultEnable(true));
        if (transactional > 0) {
            producer.setTransactionListener(new FuzzTransactions(history));
        }
        node.env().scheduler().schedule(intervalMs(), this::tick);
    }

    /** Stops sending new messages (the liveness phase winds the workload down). */
    public void stop() {
        stopped = true;
    }

    private long intervalMs() {
        return Math.max(1, 1000 / plan.ratePerSecond());
    }

    /** The run's time (the simulator's, not this node's possibly skewed clock), for the history. */
    private long nowMs() {
        return runMs.getAsLong();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        double total = plan.sync() + plan.async() + plan.oneway() + plan.batch() + plan.ordered() + plan.delayed()
                + transactional;
        double pick = random.nextDouble() * total;
        if (transactional > 0 && (pick -= transactional) < 0) {
            transactional();
        } else if ((pick -= plan.sync()) < 0) {
            single(FuzzPlan.TOPIC, 0, false);
        } else if ((pick -= plan.async()) < 0) {
            single(FuzzPlan.TOPIC, 0, true);
        } else if ((pick -= plan.oneway()) < 0) {
            oneway();
        } else if ((pick -= plan.batch()) < 0) {
            batch();
        } else if ((pick -= plan.ordered()) < 0) {
            ordered();
        } else {
            single(FuzzPlan.TOPIC, 1 + random.nextInt(3), false);
        }
        node.env().scheduler().schedule(intervalMs(), this::tick);
    }

    private String newBody() {
        return Bodies.make(session + "." + counter++, 16 + random.nextInt(200), random.nextLong());
    }

    private Message message(String topic, String body) {
        Message m = new Message(topic, body.getBytes(StandardCharsets.UTF_8));
        m.setKeys(Bodies.id(body));
        m.setTags(random.nextBoolean() ? "TagA" : "TagB");
        return m;
    }

    private void single(String topic, int delayLevel, boolean async) {
        String body = newBody();
        Message m = message(topic, body);
        if (delayLevel > 0) {
            m.setDelayTimeLevel(delayLevel);
        }
        long op = history.sendInvoked(node.env().nodeName(), topic, body, null, -1, delayLevel, nowMs());
        SendCallback callback = recorder(List.of(op), null);
        if (async) {
            producer.sendAsync(m, callback);
        } else {
            producer.send(m, callback);
        }
    }

    /**
     * A message sent in a transaction ({@link FuzzTransactions}): its half message's acknowledgement is
     * recorded like a send's, with the half message's commit-log offset and no queue offset (the
     * message's position in its queue is known only once it is committed).
     */
    private void transactional() {
        String body = newBody();
        Message m = message(FuzzPlan.TOPIC, body);
        m.putUserProperty(FuzzTransactions.LABEL, FuzzTransactions.label(random));
        long op = history.sendInvoked(node.env().nodeName(), FuzzPlan.TOPIC, body, null, -1, 0, nowMs());
        history.transactional(op);
        SendCallback record = recorder(List.of(op), null);
        producer.sendMessageInTransaction(m, null, (result, error) -> {
            if (error != null) {
                record.onException(error);
                return;
            }
            SendResult r = result.sendResult();
            record.onSuccess(new SendResult(r.sendStatus(), r.msgId(), r.offsetMsgId(), r.messageQueue(), -1, r.regionId()));
        });
    }

    private void oneway() {
        String body = newBody();
        long op = history.sendInvoked(node.env().nodeName(), FuzzPlan.TOPIC, body, null, -1, 0, nowMs());
        try {
            producer.sendOneway(message(FuzzPlan.TOPIC, body));
            history.sendUnknown(op, null, "oneway", nowMs());
        } catch (ClientException e) {
            history.sendFailed(op, e.getMessage(), nowMs());
        }
    }

    private void batch() {
        List<Message> batch = new ArrayList<>();
        List<Long> ops = new ArrayList<>();
        int size = 2 + random.nextInt(3);
        for (int i = 0; i < size; i++) {
            String body = newBody();
            batch.add(message(FuzzPlan.TOPIC, body));
            ops.add(history.sendInvoked(node.env().nodeName(), FuzzPlan.TOPIC, body, null, -1, 0, nowMs()));
        }
        producer.send(batch, recorder(ops, null));
    }

    private void ordered() {
        for (int i = 0; i < KEYS; i++) {
            int k = (nextKey + i) % KEYS;
            if (!keyBusy[k]) {
                nextKey = k + 1;
                sendOrdered(k);
                return;
            }
        }
    }

    private void sendOrdered(int k) {
        keyBusy[k] = true;
        String key = session + ".k" + k;
        String body = newBody();
        long op = history.sendInvoked(node.env().nodeName(), FuzzPlan.ORDER_TOPIC, body, key, nextSeq[k], 0, nowMs());
        MessageQueue target = orderQueues.get(Math.floorMod(key.hashCode(), orderQueues.size()));
        producer.send(message(FuzzPlan.ORDER_TOPIC, body), (queues, message, arg) -> target, null, recorder(List.of(op), ok -> {
            keyBusy[k] = false;
            if (ok) {
                nextSeq[k]++;
            }
        }));
    }

    /** Records the outcome of {@code ops}; {@code then} (may be null) learns whether it was SEND_OK. */
    private SendCallback recorder(List<Long> ops, Consumer<Boolean> then) {
        return new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                boolean ok = result.sendStatus() == SendStatus.SEND_OK;
                for (int i = 0; i < ops.size(); i++) {
                    long op = ops.get(i);
                    if (ok) {
                        history.sendOk(op, result.messageQueue().brokerName(), result.messageQueue().queueId(),
                                result.queueOffset() < 0 ? -1 : result.queueOffset() + i, commitLogOffset(result, i), nowMs());
                    } else {
                        history.sendUnknown(op, result.messageQueue().brokerName(), result.sendStatus().name(), nowMs());
                    }
                }
                if (then != null) {
                    then.accept(ok);
                }
            }

            @Override
            public void onException(ClientException error) {
                String why = error.getMessage() == null ? "?" : error.getMessage().split("\n")[0];
                for (long op : ops) {
                    if (error.responseCode() > 0) {
                        history.sendFailed(op, "code " + error.responseCode() + ": " + why, nowMs());
                    } else {
                        history.sendUnknown(op, null, why, nowMs());
                    }
                }
                if (then != null) {
                    then.accept(false);
                }
            }
        };
    }

    /** The commit-log offset of the {@code i}th message of the send, from its offsetMsgId (comma-joined for a batch). */
    private static long commitLogOffset(SendResult result, int i) {
        String[] ids = result.offsetMsgId() == null ? new String[0] : result.offsetMsgId().split(",");
        return i < ids.length ? MessageId.decodeMessageId(ids[i].trim()).commitLogOffset() : -1;
    }

    String describe() {
        return String.format(Locale.ROOT, "%s session %s sent %d", node.env().nodeName(), session, counter);
    }
}
