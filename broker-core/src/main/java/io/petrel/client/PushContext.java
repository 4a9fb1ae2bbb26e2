package io.petrel.client;

import io.petrel.common.Sabotage;
import io.petrel.env.Env;
import io.petrel.env.NodeLog;

/**
 * What the parts of a push consumer (its puller and consume service) work with: the client's
 * environment and RPC, the consumer's settings, lifecycle, statistics, offset store, rebalancer,
 * broker calls and send-back. Made once the consumer starts and handed to each part, so a part
 * depends on these and not on the consumer that owns it. Driven by the client's loop.
 */
final class PushContext {

    private final ClientInstance instance;
    private final ConsumerConfig config;
    private final ConsumerState state;
    private final ConsumerStats stats;
    private final ConsumerProxy proxy;
    private final OffsetStore offsets;
    private final Rebalancer rebalancer;
    private final MessageSendBack sendBack;

    PushContext(ClientInstance instance, ConsumerConfig config, ConsumerState state, ConsumerStats stats,
            ConsumerProxy proxy, OffsetStore offsets, Rebalancer rebalancer, MessageSendBack sendBack) {
        this.instance = instance;
        this.config = config;
        this.state = state;
        this.stats = stats;
        this.proxy = proxy;
        this.offsets = offsets;
        this.rebalancer = rebalancer;
        this.sendBack = sendBack;
    }

    Env env() {
        return instance.env();
    }

    NodeLog log() {
        return instance.env().log();
    }

    long nowNanos() {
        return instance.env().clock().nanoTime();
    }

    long nowMs() {
        return instance.env().clock().nowMs();
    }

    ClientRpc rpc() {
        return instance.rpc();
    }

    ConsumerConfig config() {
        return config;
    }

    boolean isStopped() {
        return state.isShutDown();
    }

    ConsumerStats stats() {
        return stats;
    }

    ConsumerProxy proxy() {
        return proxy;
    }

    OffsetStore offsets() {
        return offsets;
    }

    Rebalancer rebalancer() {
        return rebalancer;
    }

    MessageSendBack sendBack() {
        return sendBack;
    }

    /** Whether a test switched this {@link Sabotage} on for the client (never in production). */
    boolean sabotaged(Sabotage switchName) {
        return instance.config().sabotage().contains(switchName);
    }
}
