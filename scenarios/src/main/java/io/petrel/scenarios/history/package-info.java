/**
 * Histories of client operations and the checker that judges them, independent of where they
 * ran: the simulator's fuzz scenarios fill them, and real-node runs can fill them the same way.
 * A history records each send (invoked, then acknowledged, failed or unknown) and each delivery
 * (which consumer, which stored position, which body), plus samples of queue ownership and
 * committed offsets and the faults that happened; the {@link io.petrel.scenarios.history.Checker}
 * turns them into a verdict under the durability promises of the configuration.
 */
package io.petrel.scenarios.history;
