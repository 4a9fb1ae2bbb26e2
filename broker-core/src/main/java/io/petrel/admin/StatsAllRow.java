package io.petrel.admin;

/**
 * One row of statsAll: a topic and one group consuming it, or the topic alone ({@code group}
 * null) when nobody consumes it; backlog, rates and 24-hour counts summed over the topic's masters.
 */
public record StatsAllRow(String topic, String group, long accumulation, double inTps, double outTps,
        long inMsg24Hour, long outMsg24Hour) {
}
