/**
 * Consumer offsets committed by consumer groups, per topic and queue, persisted to
 * {@code config/consumerOffset.json} every {@code flushConsumerOffsetInterval} and at shutdown.
 * A crash loses at most the commits since the last persist; consumers then re-consume from the
 * older offset, which at-least-once delivery allows. An unreadable consumerOffset.json (a disk
 * fault, a hand edit) stops the broker's start (exit 3) rather than losing every group's offsets:
 * see {@code io.petrel.broker.MetadataFiles}. Single-threaded on the broker's loop.
 */
package io.petrel.broker.offset;
