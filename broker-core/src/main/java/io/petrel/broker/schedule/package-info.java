/**
 * Delayed messages: the schedule service that re-puts SCHEDULE_TOPIC_XXXX messages to their real
 * topic when due, one deliverer per delay level, and the durable record of how far each level got
 * ({@code config/delayOffset.json}, written through {@link io.petrel.common.DurableFile}). Uses the
 * message store and {@code io.petrel.env} only; runs on masters. After a crash it resumes from the
 * saved offsets: nothing is lost or delivered early, a few messages may be delivered twice. An
 * unreadable delayOffset.json (a disk fault, a hand edit) stops the broker's start (exit 3) rather
 * than deliver every stored delayed message again: see {@code io.petrel.broker.MetadataFiles}.
 */
package io.petrel.broker.schedule;
