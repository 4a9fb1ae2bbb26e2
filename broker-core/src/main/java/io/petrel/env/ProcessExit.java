package io.petrel.env;

/**
 * How a node ends its own process when it cannot go on (RocketMQ's brokers exit when their store
 * cannot start). In simulation the node goes down as after a crash (its disk keeps the page
 * cache), so a scenario can start it again; in production the runtime stops the node and the
 * main exits with {@code status}, for a supervisor or an operator to restart it.
 */
@FunctionalInterface
public interface ProcessExit {

    /** Ends the node's process; nothing of the node runs after the current event. */
    void exit(int status, String reason);
}
