/**
 * A toy service that proves the seams: an append-only log. Writers append records over the network;
 * the server writes them through the {@code Disk} seam, group-commits them with one {@code force}
 * for many appends, and acknowledges only what a completed force covers; a reader reads them back.
 *
 * <p>It is a test fixture, kept out of the product's packages, written only against
 * {@code io.petrel.env} so the same classes run in the simulator and on the real runtime. What it
 * promises: an acknowledged record survives process crashes and power losses unaltered.
 */
package io.petrel.toy;
