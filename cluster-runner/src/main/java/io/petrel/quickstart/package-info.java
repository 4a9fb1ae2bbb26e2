/**
 * What {@code bin/quickstart} runs once its NameServer and two brokers serve (the script starts
 * them as background processes with pid files and decides whether a running cluster is reused):
 * wait for the brokers to register, create the topic and the consumer group with mqadmin commands
 * run in this process, send one message and consume it with Petrel's client, print clusterList.
 * A short-lived tool: it owns no node of the cluster, and everything it starts it stops.
 */
package io.petrel.quickstart;
