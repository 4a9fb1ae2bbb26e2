/**
 * The broker's request processors, one per family of request codes, each wired by the broker's
 * composition root to the parts it needs. They validate what arrives (headers, bodies, topic
 * names, permissions) and answer with RocketMQ's codes and remarks; nothing they refuse changes
 * any state. Single-threaded on the broker's loop.
 *
 * <p>What Petrel refuses that RocketMQ stores: sends whose transaction flags would store a message
 * no consumer can read, half messages with DELAY or in a batch ({@link SendMessageProcessor}); a
 * refused END_TRANSACTION is logged at WARN when oneway ({@link EndTransactionProcessor}).
 *
 * <p>How a slave answers pulls ({@link io.petrel.broker.processor.PullAnswer}): RocketMQ's slave
 * semantics. It serves what it replicated and suggests the master for the next pull
 * ({@code slaveReadEnable=false}) or the group's brokerId, so a consumer reads on from a slave while
 * its master is down and returns to the master once it is back. A slave never answers
 * PULL_OFFSET_MOVED, never corrects the requested offset, never stores the commit offset a pull
 * carries, and paces its PULL_RETRY_IMMEDIATELY answers by {@code shortPollingTimeMills} so a
 * consumer does not spin on it.
 */
package io.petrel.broker.processor;
