/**
 * Seeded simulation scenarios and the tools that run them. A {@link io.petrel.scenarios.Scenario}
 * is one kind (the toy log, the store under crashes, clients under churn, a fuzzed cluster), found
 * by {@code bin/replay} through {@code META-INF/services/io.petrel.scenarios.Scenario}; every kind
 * reports a {@link io.petrel.scenarios.ScenarioResult} (preamble, fault timeline, verdict, trace
 * hash), so a new kind is one class and one line in that file. Each sub-package holds one kind with
 * its workload and checker; {@code history} is the fuzz checker, {@code frames} the hostile-frame
 * fuzzer, {@code mutate} the mutation campaign.
 *
 * <p>Scenarios run one simulator each, single-threaded and deterministic; only the campaign tools
 * ({@code FuzzMain}, {@code MutateMain}) use threads, to run several at once.
 */
package io.petrel.scenarios;
