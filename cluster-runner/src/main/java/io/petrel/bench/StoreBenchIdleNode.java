package io.petrel.bench;

import io.petrel.env.Node;

/** A node that does nothing by itself; the raw-bandwidth measurement acts on its loop. */
final class StoreBenchIdleNode implements Node {

    @Override
    public void start() {
    }

    @Override
    public void shutdown(Runnable done) {
        done.run();
    }
}
