/**
 * The broker's request processors, one per family of request codes, each wired by the broker's
 * composition root to the parts it needs. They validate what arrives (headers, bodies, topic
 * names, permissions) and answer with RocketMQ's codes and remarks; nothing they refuse changes
 * any state. Single-threaded on the broker's loop.
 */
package io.petrel.broker.processor;
