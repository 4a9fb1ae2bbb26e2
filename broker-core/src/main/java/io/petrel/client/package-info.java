/**
 * Petrel's own clients, written against the seams so that whole clusters — NameServers, brokers
 * and the applications using them — run in the simulator: a producer, a push consumer (clustering
 * and broadcasting, concurrent and orderly listeners), a lite pull consumer, and the client
 * instance they share (routes, heartbeats, requests brokers send to clients).
 *
 * <p>They behave like the official RocketMQ 4.9 client where users can see it (names, defaults,
 * semantics) and interoperate with it on the same topics and groups. Nothing here blocks or starts
 * threads: results and messages arrive through callbacks on the node's loop; the io-real facade
 * runs user listeners off the loop and offers blocking calls. A crash of the client's process
 * loses only un-committed consumption progress, which at-least-once delivery allows.
 */
package io.petrel.client;
