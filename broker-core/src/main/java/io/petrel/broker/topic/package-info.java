/**
 * The broker's topic table: system topics, topics created by admins and auto-created on first
 * send or send-back, their versions, and their persistence to {@code config/topics.json}.
 * Single-threaded on the broker's loop; a crash loses at most changes not yet made durable,
 * which the next registration and the admin's retry restore. An unreadable topics.json (a disk
 * fault, a hand edit) stops the broker's start (exit 3): see {@code io.petrel.broker.MetadataFiles}.
 */
package io.petrel.broker.topic;
