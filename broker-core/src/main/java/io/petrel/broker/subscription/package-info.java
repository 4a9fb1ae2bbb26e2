/**
 * Consumer group settings (RocketMQ's subscription groups): created by admins or on first use,
 * persisted to {@code config/subscriptionGroup.json}. Single-threaded on the broker's loop.
 */
package io.petrel.broker.subscription;
