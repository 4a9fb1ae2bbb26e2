package io.petrel.store;

import java.time.Instant;
import java.time.ZoneId;
import java.util.BitSet;

/**
 * The hours of {@code deleteWhen} ({@code "04"} or {@code "04;16"}): expired commit-log files are
 * deleted while the local hour is one of them, as RocketMQ's {@code UtilAll.isItTimeToDo} decides.
 * Local time comes from the broker's configured zone, never from the machine's default. Immutable.
 */
public final class DeleteWhen {

    private final BitSet hours;
    private final String text;

    private DeleteWhen(BitSet hours, String text) {
        this.hours = hours;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the bad hour */
    public static DeleteWhen parse(String text) {
        BitSet hours = new BitSet(24);
        for (String item : text.split(";")) {
            String h = item.trim();
            try {
                int hour = Integer.parseInt(h);
                if (hour < 0 || hour > 23) {
                    throw new IllegalArgumentException("hour " + h + " is not between 00 and 23");
                }
                hours.set(hour);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + h + "' is not an hour like 04; separate hours with ';'");
            }
        }
        return new DeleteWhen(hours, text);
    }

    /** Whether {@code epochMs} falls in one of the hours, in {@code zone}. */
    public boolean isTimeToDelete(long epochMs, ZoneId zone) {
        return hours.get(Instant.ofEpochMilli(epochMs).atZone(zone).getHour());
    }

    @Override
    public String toString() {
        return text;
    }
}
