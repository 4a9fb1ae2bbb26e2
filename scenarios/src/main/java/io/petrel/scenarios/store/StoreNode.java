package io.petrel.scenarios.store;

import io.petrel.common.Sabotage;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.store.MessageStore;
import io.petrel.store.StoreConfig;
import io.petrel.store.StoreContext;
import io.petrel.store.StoreStartResult;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A node that is only a message store: it recovers on start and tells {@code onReady} when the store
 * serves. The workload and the checks act on {@link #store()} from the scenario. Built fresh at every
 * (re)start; a crash simply drops it.
 */
public final class StoreNode implements Node {

    private final Env env;
    private final MessageStore store;
    private final Consumer<StoreNode> onReady;
    private StoreStartResult startResult;

    public StoreNode(Env env, StoreConfig config, StoreContext context, boolean sabotageAckBeforeForce,
            Consumer<StoreNode> onReady) {
        this(env, config, context, sabotageAckBeforeForce ? Sabotage.copyOf(List.of(Sabotage.ACK_SYNC_FLUSH_BEFORE_FORCE))
                : Sabotage.none(), onReady);
    }

    /** A store with test-only {@link Sabotage} switches (see {@link MessageStore}). */
    public StoreNode(Env env, StoreConfig config, StoreContext context, Set<Sabotage> sabotage, Consumer<StoreNode> onReady) {
        this.env = env;
        this.store = MessageStore.create(env, config, context, sabotage);
        this.onReady = onReady;
    }

    @Override
    public void start() {
        store.start(result -> {
            startResult = result;
            onReady.accept(this);
        });
    }

    @Override
    public void shutdown(Runnable done) {
        store.shutdown(done);
    }

    @Override
    public void invariants() {
        store.invariants();
    }

    public Env env() {
        return env;
    }

    public MessageStore store() {
        return store;
    }

    /** Null until the store finished starting. */
    public StoreStartResult startResult() {
        return startResult;
    }

    public boolean isReady() {
        return startResult != null && startResult.ok();
    }
}
