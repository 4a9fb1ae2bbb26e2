/**
 * The message store under crashes in the simulator: {@link io.petrel.scenarios.store.StoreCrashScenario}
 * (seeded; replay with {@code bin/replay --scenario store SEED}), the store node, the random workload,
 * the ledger of what was sent and answered, and the checker of the store's promises.
 *
 * <p>May use io-sim and broker-core. Everything runs on the simulator's thread; the ledger lives
 * outside the node so it survives the node's crashes.
 */
package io.petrel.scenarios.store;
