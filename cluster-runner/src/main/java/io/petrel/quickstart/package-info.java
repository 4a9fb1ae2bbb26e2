/**
 * What {@code bin/quickstart} runs once its NameServer and brokers serve (the script starts them as
 * background processes with pid files and decides whether a running cluster is reused): wait for
 * the brokers to register, create the topic and the consumer group with mqadmin commands run in this
 * process, send one message and consume it with Petrel's client, print clusterList. With a
 * master/slave set ({@code --conf 2m-2s-sync}, {@code 2m-2s-async}) the message goes to broker-a,
 * whose master this tool then stops (the one node it touches, by the pid the script hands it) before
 * consuming the message from the slave. A short-lived tool: every client it starts it stops.
 */
package io.petrel.quickstart;
