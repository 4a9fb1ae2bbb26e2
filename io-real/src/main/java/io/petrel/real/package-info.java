/**
 * The production runtime: starts nodes on their own loops with real clock, network and disk, and
 * stops them. Later holds the {@code main} entry points that the {@code bin/} scripts run.
 *
 * <p>Owns the process-level lifecycle: one {@link io.petrel.real.RealRuntime} per process (with
 * the shared Netty transport), one {@link io.petrel.real.RealNode} per running node. Its methods
 * are called from outside the node loops (a main thread, a shutdown hook, a test) and are the only
 * code in io-real that blocks waiting for a loop. Environment (store paths, seeds) is passed in by
 * the caller, never read here.
 */
package io.petrel.real;
