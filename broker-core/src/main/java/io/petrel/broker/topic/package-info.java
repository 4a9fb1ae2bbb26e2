/**
 * The broker's topic table: system topics, topics created by admins and auto-created on first
 * send or send-back, their versions, and their persistence to {@code config/topics.json}.
 * Single-threaded on the broker's loop; a crash loses at most changes not yet made durable,
 * which the next registration and the admin's retry restore.
 */
package io.petrel.broker.topic;
