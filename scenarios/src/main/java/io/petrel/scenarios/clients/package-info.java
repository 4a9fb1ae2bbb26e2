/**
 * Applications in the simulator: a seeded scenario in which Petrel's producer and push consumers
 * work against two NameServers and two masters while consumers join, leave and crash and the
 * network between clients and brokers fails, then a healed phase that must converge; and the
 * history of what was sent and consumed, checked for loss, phantoms and split queues.
 */
package io.petrel.scenarios.clients;
