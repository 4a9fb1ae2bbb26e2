/**
 * Fuzzed clusters ({@code bin/fuzz}, {@code bin/replay fuzz2-N}): a {@link io.petrel.scenarios.fuzz.FuzzPlan}
 * drawn from a seed (topology with slaves, flush types, workload, consumer groups, fault rates), a
 * {@link io.petrel.scenarios.fuzz.FuzzWorld} that builds it on the simulator, a
 * {@link io.petrel.scenarios.fuzz.FaultInjector} for the safety phase, an
 * {@link io.petrel.scenarios.fuzz.Observer} that samples offsets and invariants, the heal and
 * convergence, a {@link io.petrel.scenarios.fuzz.FinalScan} of every store, and the verdict of
 * {@code io.petrel.scenarios.history.Checker}. {@link io.petrel.scenarios.fuzz.FuzzMain} runs
 * campaigns of consecutive seeds on several threads (one simulator each) and the frame campaigns of
 * {@code io.petrel.scenarios.frames}.
 *
 * <p>A scenario is deterministic: the seed decides the plan, the faults and every random choice, and
 * two runs end with the same trace hash. Only the campaign runner uses threads.
 */
package io.petrel.scenarios.fuzz;
