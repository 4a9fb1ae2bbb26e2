/**
 * The broker's request processors, one per family of request codes, each wired by the broker's
 * composition root to the parts it needs. They validate what arrives (headers, bodies, topic
 * names, permissions) and answer with RocketMQ's codes and remarks; nothing they refuse changes
 * any state. Single-threaded on the broker's loop.
 *
 * <p>What Petrel refuses that RocketMQ does: transactional half messages (sysFlag PREPARED or
 * property {@code TRAN_MSG=true}) get NO_PERMISSION before anything is stored, and END_TRANSACTION
 * is logged at WARN (answered with an error when it is not oneway), until transactions exist
 * ({@link io.petrel.broker.processor.TransactionRefusal}).
 *
 * <p>How a slave answers pulls ({@link io.petrel.broker.processor.PullAnswer}): RocketMQ's slave
 * semantics, so a consumer that pulls from a slave while its master is down keeps its offsets.
 * With {@code slaveReadEnable=false} a slave answers every pull PULL_RETRY_IMMEDIATELY and suggests
 * the master (broker id 0), also when it found messages: RocketMQ 4.9.8 overwrites that code with
 * SUCCESS when the store found messages, a defect Petrel does not copy (see PullAnswer for what
 * replication must decide about it). A slave never answers PULL_OFFSET_MOVED, never corrects the
 * requested offset, never stores the commit offset a pull carries, and paces its
 * PULL_RETRY_IMMEDIATELY answers by {@code shortPollingTimeMills} so a consumer does not spin on it.
 */
package io.petrel.broker.processor;
