/**
 * The world a fault scenario drives, between the scenario and its nodes: a {@link
 * io.petrel.scenarios.world.World} (the run's time, a way to act later, its servers and clients)
 * of {@link io.petrel.scenarios.world.WorldNode}s, each with the faults a node can suffer. The
 * simulated world ({@link io.petrel.scenarios.world.SimWorldNode} over a {@code SimNode}) supports
 * them all; a world of real processes ({@code io.petrel.chaos} in cluster-runner) supports what an
 * operating system can do to a process and refuses the rest by throwing, naming the fault and the
 * node, never by faking it.
 *
 * <p>A world is driven by one thread: the simulator's, or the chaos run's loop. Nothing here keeps
 * state across runs.
 */
package io.petrel.scenarios.world;
