/**
 * {@code bin/chaos} (issue 18): real clusters under real faults, judged by the simulator's checker.
 * A campaign runs seeded runs one after another; each starts a shipped conf set as processes with
 * {@code io.petrel.cluster.ProcessCluster}, drives the fuzz scenarios' producer and consumer apps on
 * the real runtime in this JVM and the official 4.9.8 client as processes of their own
 * ({@link io.petrel.chaos.OfficialClient}), all recording into one {@code History}, injects the process faults of
 * {@code io.petrel.scenarios.fuzz.ProcessFaults} (kill -9 and a later restart, SIGSTOP/SIGCONT, a
 * graceful stop and start) through a {@link io.petrel.chaos.ProcessWorld} and the partitions of
 * {@link io.petrel.chaos.LinkFaults} and the full disks of {@link io.petrel.chaos.DiskFaults} (each
 * broker's store on a tmpfs of its own, remounted with no room to spare), heals, waits for the consumers to converge and asks
 * {@code io.petrel.scenarios.history.Checker} for the verdict.
 *
 * <p>Partitions: every link a run can cut is a TCP proxy on 127.0.0.1 of its own
 * ({@link io.petrel.chaos.LinkProxy}), chosen over network namespaces or packet filters because it
 * needs no privilege, no kernel module and no package, binds only to 127.0.0.1 like every test, and
 * cuts exactly one directed link. The nodes are pointed at the proxies with the settings an operator
 * has (each broker's {@code namesrvAddr}, each slave's {@code haMasterAddress}); the in-process
 * clients dial through theirs by a test-only seam of the real runtime
 * ({@code RealNodeSpec.withDialVia}). What no proxy covers is written in {@link io.petrel.chaos.Links}.
 *
 * <p>One thread drives a run (its faults, heals and supervision); the clients run on their own
 * loops and record into the thread-safe history. Everything a run starts, it stops, also when the
 * JVM is interrupted (the cluster's shutdown hook). A failing run's directory (node logs, stores,
 * {@code history.txt}) is kept; a passing one's is deleted.
 */
package io.petrel.chaos;
