/**
 * The toy append log's scenario ({@code bin/replay --scenario toy}): writers append to replicated
 * toy servers through partitions, crashes and power losses, and the checker holds the servers to
 * what they acknowledged. The smallest end-to-end proof that the simulator, its seams and the
 * durability model work, kept as a fast regression and as the simulator benchmark's load.
 */
package io.petrel.scenarios.toy;
