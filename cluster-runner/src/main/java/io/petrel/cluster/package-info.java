/**
 * The launcher: a run's NameServers and brokers as real processes on this host, for the fault runs
 * of {@code bin/chaos}, the process tests and the benchmarks.
 *
 * <ul>
 *   <li>{@link io.petrel.cluster.ProcessCluster} starts a {@link io.petrel.cluster.Topology} (a shipped
 *       conf set such as {@code 2m-2s-sync}, 1 or more NameServers, or brokers of generated files)
 *       or nodes one by one, and stops everything it started on {@code close()} and on JVM
 *       shutdown; a start that fails stops what it had started.</li>
 *   <li>{@link io.petrel.cluster.NodeProcess} is one node: Petrel's, started by {@code bin/mqnamesrv}
 *       or {@code bin/mqbroker -c FILE} as an operator does, or Apache RocketMQ 4.9.7's, run from the
 *       classpath file the {@code apache-rocketmq} module writes; with a graceful stop (SIGTERM),
 *       {@code kill -9}, pause and resume (SIGSTOP, SIGCONT) and a restart onto the same store.</li>
 *   <li>Each node's file is a copy of the shipped one ({@link io.petrel.cluster.ConfFiles}) with the
 *       run's lines set: free 127.0.0.1 ports ({@link io.petrel.cluster.FreePorts}), its store under
 *       the run directory, the run's NameServers. Logs, console output, pid files and stores all live
 *       under the run directory ({@link io.petrel.cluster.RunSettings}); the scripts run with a
 *       private pid directory, so {@code bin/mqshutdown} of the host and the run never meet.</li>
 * </ul>
 *
 * <p>It uses the JDK's process API, the {@code bin/} scripts and {@code kill} and {@code ps}; no
 * Petrel node code runs in this JVM, and nothing here depends on the official RocketMQ jars. If the
 * JVM driving a cluster is killed with SIGKILL, its shutdown hook cannot run and the nodes keep
 * running; their pid files under the run directory name them.
 */
package io.petrel.cluster;
