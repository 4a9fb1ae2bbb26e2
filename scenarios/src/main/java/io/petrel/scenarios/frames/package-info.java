/**
 * The hostile-frame fuzzer ({@code bin/fuzz --frames N}, issue 23): well-formed requests of every
 * code a broker or NameServer serves, mutated and broken in many ways, sent to one simulated node;
 * after every frame the node must be up and answering, refuse with RocketMQ's code and a remark
 * naming the field, log no ERROR, change no state on a refused request and accept no path, class or
 * command key; at the end, and after a clean stop and a kill -9 with restarts, every acknowledged
 * message reads back intact. Deterministic from its seed.
 */
package io.petrel.scenarios.frames;
