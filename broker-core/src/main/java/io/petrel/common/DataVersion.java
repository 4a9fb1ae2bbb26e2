package io.petrel.common;

/**
 * A version stamp for a broker's topic table: the time it changed and a counter. A broker bumps
 * it on every change; a NameServer reloads a broker's topics only when it differs.
 */
public record DataVersion(long timestamp, long counter) {

    public static DataVersion initial(long nowMs) {
        return new DataVersion(nowMs, 0);
    }

    public DataVersion next(long nowMs) {
        return new DataVersion(nowMs, counter + 1);
    }

    /**
     * The version an incremental registration (one topic, RocketMQ's {@code registerIncrementBrokerData})
     * carries: never equal to any version of a whole table, whose counters are never negative. A
     * NameServer that took an increment, or took it first after its own restart, so always finds the
     * next whole-table registration changed and applies every topic of it, which RocketMQ's
     * increments, carrying the table's own version, do not guarantee.
     */
    public DataVersion ofIncrement() {
        return new DataVersion(timestamp, -1 - counter);
    }
}
