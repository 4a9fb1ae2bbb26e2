/**
 * Long polling: a pull that finds nothing is held instead of answered, and re-run as soon as a
 * message arrives for its queue or its suspend timeout passes. Without this every push consumer
 * would spin. Held pulls live in memory only; a crash drops them and clients re-pull after their
 * own RPC timeout. Single-threaded on the broker's loop.
 */
package io.petrel.broker.pull;
