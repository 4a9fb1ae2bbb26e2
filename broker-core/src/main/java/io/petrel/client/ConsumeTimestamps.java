package io.petrel.client;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * RocketMQ's {@code consumeTimestamp} text, {@code yyyyMMddHHmmss} in the client's time zone. The
 * zone comes from {@link ClientConfig} (the io-real facade passes the machine's; simulations use
 * UTC), never from the JVM default inside the core.
 */
final class ConsumeTimestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final long HALF_HOUR_MS = 30 * 60 * 1000L;

    private ConsumeTimestamps() {
    }

    /** Epoch millis of {@code text}, or -1 when it is not a valid timestamp. */
    static long parse(String text, ZoneId zone) {
        try {
            return LocalDateTime.parse(text, FORMAT).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** The default: half an hour before {@code nowMs}. */
    static long defaultMs(long nowMs) {
        return nowMs - HALF_HOUR_MS;
    }
}
