/** The broker's traffic counters, kept cheaply on the send and pull paths. */
package io.petrel.broker.stats;
