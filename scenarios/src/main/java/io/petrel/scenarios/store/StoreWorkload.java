package io.petrel.scenarios.store;

import io.petrel.common.message.HostAddress;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.RandomSource;
import io.petrel.env.SplitMix64;
import io.petrel.store.GetMessageResult;
import io.petrel.store.PutMessageResult;
import io.petrel.store.commitlog.BrokerMessage;
import io.petrel.store.commitlog.TopicQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Random puts into whichever store node is current: single messages, batches, delayed messages,
 * WAIT=false puts and, now and then, bad input that must be refused; at most {@code window} puts
 * outstanding. Every choice comes from the scenario's own random stream, so a node crash does not
 * reshuffle it. Answers go to the {@link Ledger}.
 *
 * <p>It also pulls, each queue from a cursor, and tells the ledger which message each served slot
 * held. Pull choices come from a stream of their own so the puts and the faults draw what they drew
 * before pulls existed; pulls run inside the put ticks and add no events.
 */
public final class StoreWorkload {

    static final String[] TOPICS = {"TopicA", "TopicB", "Orders"};
    static final HostAddress BORN_HOST = HostAddress.parse("10.0.0.9:40000");

    private final RandomSource random;
    private final RandomSource pullRandom;
    private final boolean syncFlush;
    private final TreeMap<TopicQueue, Long> pullCursors = new TreeMap<>();
    private final Ledger ledger;
    private final int window;
    private final int maxBody;
    private final int maxMessageSize;
    private StoreNode node;
    private int generation;
    private int outstanding;
    private boolean enabled = true;
    private long puts;

    StoreWorkload(RandomSource random, RandomSource pullRandom, boolean syncFlush, Ledger ledger, int window, int maxBody,
            int maxMessageSize) {
        this.random = random;
        this.pullRandom = pullRandom;
        this.syncFlush = syncFlush;
        this.ledger = ledger;
        this.window = window;
        this.maxBody = maxBody;
        this.maxMessageSize = maxMessageSize;
    }

    /** The body of message {@code id}: its id, then bytes only that id produces. */
    public static byte[] bodyOf(long id, int length) {
        byte[] body = new byte[length];
        ByteBuffer b = ByteBuffer.wrap(body);
        SplitMix64 bytes = new SplitMix64(id * 0x9E3779B97F4A7C15L);
        if (length >= 8) {
            b.putLong(id);
        }
        while (b.hasRemaining()) {
            b.put((byte) bytes.nextLong());
        }
        return body;
    }

    /** A new incarnation of the store node is ready. */
    void attach(StoreNode current) {
        node = current;
        generation++;
        outstanding = 0;
        int g = generation;
        node.env().scheduler().execute(() -> tick(g));
    }

    void setEnabled(boolean on) {
        enabled = on;
    }

    long puts() {
        return puts;
    }

    private void tick(int g) {
        if (g != generation) {
            return;
        }
        if (enabled) {
            int burst = 1 + random.nextInt(4);
            for (int i = 0; i < burst && outstanding < window; i++) {
                putOne(g);
            }
            if (pullRandom.nextInt(4) == 0) {
                pullOne();
            }
        }
        node.env().scheduler().schedule(random.nextInt(3), () -> tick(g));
    }

    /** Pulls up to 8 messages of a random queue from its cursor and records what each slot held. */
    private void pullOne() {
        TopicQueue q = new TopicQueue(TOPICS[pullRandom.nextInt(TOPICS.length)], pullRandom.nextInt(4));
        long offset = pullCursors.getOrDefault(q, 0L);
        GetMessageResult r = node.store().getMessage("workload", q.topic(), q.queueId(), offset, 8, null);
        try {
            List<ByteBuffer> buffers = r.messageBuffers();
            for (int i = 0; i < buffers.size(); i++) {
                ByteBuffer b = buffers.get(i);
                String id = StoredMessage.decode(b, b.position(), false).property("ID");
                if (id != null) {
                    ledger.onServed(q, r.queueOffsets().get(i), Long.parseLong(id), syncFlush);
                }
            }
        } finally {
            r.release();
        }
        pullCursors.put(q, r.nextBeginOffset());
    }

    private void putOne(int g) {
        int kind = random.nextInt(100);
        String topic = TOPICS[random.nextInt(TOPICS.length)];
        int queueId = random.nextInt(4);
        List<Ledger.Entry> sent = new ArrayList<>();
        List<BrokerMessage> messages = new ArrayList<>();
        if (kind < 3) {
            badInput(topic, queueId, sent, messages);
        } else {
            int count = kind < 13 ? 2 + random.nextInt(3) : 1;
            for (int i = 0; i < count; i++) {
                int length = 8 + random.nextInt(random.nextInt(10) == 0 ? maxBody : Math.min(maxBody, 600));
                Ledger.Entry e = ledger.send(topic, queueId, length, false);
                Map<String, String> p = properties(e.id);
                if (count == 1 && kind < 20) {
                    p.put("DELAY", Integer.toString(1 + random.nextInt(25)));
                } else if (count == 1 && kind < 25) {
                    p.put("WAIT", "false");
                    e.noWait = true;
                }
                sent.add(e);
                messages.add(BrokerMessage.of(topic, queueId, bodyOf(e.id, length), p, e.id, BORN_HOST));
            }
        }
        send(g, sent, messages);
    }

    private Map<String, String> properties(long id) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ID", Long.toString(id));
        p.put("TAGS", "Tag" + id % 3);
        p.put("UNIQ_KEY", String.format(Locale.ROOT, "%032X", id));
        if (random.nextInt(3) == 0) {
            p.put("KEYS", "k" + id + " g" + id % 7);
        }
        p.put("WAIT", "true");
        return p;
    }

    private void badInput(String topic, int queueId, List<Ledger.Entry> sent, List<BrokerMessage> messages) {
        int what = random.nextInt(6);
        Ledger.Entry e = ledger.send(topic, queueId, 16, true);
        Map<String, String> p = properties(e.id);
        byte[] body = bodyOf(e.id, 16);
        BrokerMessage m = switch (what) {
            case 0 -> BrokerMessage.of("", queueId, body, p, e.id, BORN_HOST);
            case 1 -> BrokerMessage.of(topic, queueId, bodyOf(e.id, maxMessageSize + 1), p, e.id, BORN_HOST);
            case 2 -> {
                p.put("PAD", "x".repeat(33_000));
                yield BrokerMessage.of(topic, queueId, body, p, e.id, BORN_HOST);
            }
            case 3 -> BrokerMessage.of(topic, -1, body, p, e.id, BORN_HOST);
            case 4 -> {
                p.put("NUL", "a\u0000b");
                yield BrokerMessage.of(topic, queueId, body, p, e.id, BORN_HOST);
            }
            default -> BrokerMessage.of("bad/topic", queueId, body, p, e.id, BORN_HOST);
        };
        sent.add(e);
        messages.add(m);
    }

    private void send(int g, List<Ledger.Entry> sent, List<BrokerMessage> messages) {
        outstanding++;
        puts++;
        Consumer<PutMessageResult> answer = result -> {
            ledger.answer(sent, result);
            if (g == generation) {
                outstanding--;
            }
        };
        if (messages.size() == 1) {
            node.store().putMessage(messages.get(0), answer);
        } else {
            node.store().putMessages(messages, answer);
        }
    }
}
