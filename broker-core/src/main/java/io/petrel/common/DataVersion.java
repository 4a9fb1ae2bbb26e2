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
}
