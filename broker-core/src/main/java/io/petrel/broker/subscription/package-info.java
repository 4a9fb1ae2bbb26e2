/**
 * Consumer group settings (RocketMQ's subscription groups): created by admins or on first use,
 * persisted to {@code config/subscriptionGroup.json}. Single-threaded on the broker's loop; a crash
 * loses at most changes not yet durable. An unreadable file (a disk fault, a hand edit) holds
 * settings only, no message or offset: the broker moves it aside to {@code .corrupt-<n>}, logs an
 * ERROR and starts without it (see {@code io.petrel.broker.MetadataFiles}).
 */
package io.petrel.broker.subscription;
