/**
 * Whole clusters in the simulator: NameServers and brokers configured from properties the way an
 * operator's files configure them, on fixed simulated hosts, plus a thin protocol driver node for
 * tests that speak the remoting protocol directly.
 */
package io.petrel.scenarios.cluster;
