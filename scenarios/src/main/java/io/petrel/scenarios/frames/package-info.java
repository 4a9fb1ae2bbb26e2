/**
 * The hostile-frame fuzzer ({@code bin/fuzz --frames N}, issue 23): well-formed requests of every
 * code a broker, a NameServer or Petrel's client serves, mutated and broken in many ways, sent to one
 * simulated node; after every frame the node must be up and answering, refuse with RocketMQ's code and
 * a remark naming the field, log no ERROR, change no state on a refused request and accept no path,
 * class or command key; at the end, and after a clean stop and a kill -9 with restarts, every
 * acknowledged message reads back intact (a client: every message of the group no frame names is
 * delivered). A client is reached through {@code BrokerDouble}, a stand-in
 * broker it connects to on its own. Deterministic from its seed.
 */
package io.petrel.scenarios.frames;
