package io.petrel.bench;

import io.petrel.common.message.HostAddress;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.store.MessageStore;
import io.petrel.store.PutMessageResult;
import io.petrel.store.StoreConfig;
import io.petrel.store.StoreContext;
import io.petrel.store.commitlog.BrokerMessage;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A node that is only a message store, driven by logical appenders on its own loop: each appender
 * keeps one put outstanding and issues the next from the previous one's answer, until the deadline.
 * Messages come from a pre-built pool (distinct UNIQ_KEYs, 8 queues) so the loop spends its time in
 * the store, not in building messages.
 */
final class StoreBenchNode implements Node {

    /** What one load run measured. */
    record Load(long messages, long bytes, long errors, long forces, long syncAcks, double appendSeconds) {
    }

    private final MessageStore store;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<BrokerMessage> pool = new ArrayList<>();
    private long deadlineNanos;
    private long messages;
    private long bytes;
    private long errors;
    private int outstanding;
    private long startNanos;
    private CompletableFuture<Load> done;
    private long forces0;
    private long acks0;

    StoreBenchNode(Env env, StoreConfig config, int bodyBytes) {
        this.store = MessageStore.create(env, config, new StoreContext("BenchCluster",
                HostAddress.parse("127.0.0.1:10911"), ZoneId.of("UTC"), 16L << 30));
        HostAddress born = HostAddress.parse("127.0.0.1:50000");
        for (int i = 0; i < 1024; i++) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("UNIQ_KEY", String.format(Locale.ROOT, "7F000001%024X", i));
            p.put("TAGS", "TagA");
            p.put("WAIT", "true");
            pool.add(BrokerMessage.of("BenchTopic", i % 8, new byte[bodyBytes], p, 1_700_000_000_000L, born));
        }
    }

    @Override
    public void start() {
        store.start(result -> ready.countDown());
    }

    @Override
    public void shutdown(Runnable finished) {
        store.shutdown(finished);
    }

    CountDownLatch ready() {
        return ready;
    }

    MessageStore store() {
        return store;
    }

    /**
     * Starts {@code appenders} appenders; call on the node's loop. The future completes when the last
     * answer after the deadline came.
     */
    CompletableFuture<Load> load(int appenders, long durationNanos) {
        done = new CompletableFuture<>();
        messages = 0;
        bytes = 0;
        errors = 0;
        startNanos = System.nanoTime();
        deadlineNanos = startNanos + durationNanos;
        forces0 = store.stats().commitLogForces();
        acks0 = store.stats().syncFlushAcknowledged();
        for (int i = 0; i < appenders; i++) {
            putNext();
        }
        return done;
    }

    private void putNext() {
        BrokerMessage m = pool.get((int) (messages + outstanding) & (pool.size() - 1));
        outstanding++;
        store.putMessage(m, this::onAnswer);
    }

    private void onAnswer(PutMessageResult r) {
        outstanding--;
        if (r.isOk()) {
            messages++;
            bytes += r.appendMessageResult().wroteBytes();
        } else {
            errors++;
        }
        if (System.nanoTime() < deadlineNanos) {
            putNext();
        } else if (outstanding == 0) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            done.complete(new Load(messages, bytes, errors, store.stats().commitLogForces() - forces0,
                    store.stats().syncFlushAcknowledged() - acks0, seconds));
        }
    }
}
