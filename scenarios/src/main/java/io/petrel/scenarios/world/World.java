package io.petrel.scenarios.world;

import java.util.ArrayList;
import java.util.List;

/**
 * What fault injection and supervision need of a running world: its time, a way to act later (a
 * fault's heal), and its nodes. Servers are NameServers, masters and slaves; clients are the
 * workload's producer and consumer nodes a fault may hit (a world whose clients no fault can reach
 * lists none).
 */
public interface World {

    /** Milliseconds since the run began: virtual time in simulation, the wall clock's in a real run. */
    long nowMs();

    /** Runs {@code action} on the world's thread after {@code delayMs}. */
    void schedule(long delayMs, Runnable action);

    /** NameServers, then masters, then slaves, in a fixed order. */
    List<WorldNode> serverNodes();

    List<WorldNode> clientNodes();

    /** Servers, then clients. */
    default List<WorldNode> everyNode() {
        List<WorldNode> all = new ArrayList<>(serverNodes());
        all.addAll(clientNodes());
        return all;
    }
}
