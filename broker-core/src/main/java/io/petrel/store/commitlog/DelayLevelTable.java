package io.petrel.store.commitlog;

import java.util.ArrayList;
import java.util.List;

/**
 * The delay levels of {@code messageDelayLevel} (docs/protocol.md §6.7): level n (1-based) waits the
 * n-th duration, written {@code 1s 5s 10s 30s 1m ... 2h} with units s, m, h, d. A level above the
 * table is clamped to its last level. Immutable.
 */
public final class DelayLevelTable {

    public static final String DEFAULT = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private final long[] delayMsByLevel;

    private DelayLevelTable(long[] delayMsByLevel) {
        this.delayMsByLevel = delayMsByLevel;
    }

    /** @throws IllegalArgumentException naming the bad entry */
    public static DelayLevelTable parse(String text) {
        List<Long> levels = new ArrayList<>();
        for (String item : text.trim().split("\\s+")) {
            if (item.length() < 2) {
                throw new IllegalArgumentException("'" + item + "' is not a duration like 10s, 5m, 2h or 1d");
            }
            long unitMs = switch (item.charAt(item.length() - 1)) {
                case 's' -> 1_000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> throw new IllegalArgumentException("'" + item + "' has no unit s, m, h or d");
            };
            long amount;
            try {
                amount = Long.parseLong(item.substring(0, item.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + item + "' is not a duration like 10s, 5m, 2h or 1d");
            }
            if (amount <= 0) {
                throw new IllegalArgumentException("'" + item + "' must be positive");
            }
            levels.add(amount * unitMs);
        }
        long[] table = new long[levels.size()];
        for (int i = 0; i < table.length; i++) {
            table[i] = levels.get(i);
        }
        return new DelayLevelTable(table);
    }

    public int maxLevel() {
        return delayMsByLevel.length;
    }

    /** {@code level} clamped to [1, maxLevel]; callers only ask for levels above 0. */
    public int clamp(int level) {
        return Math.max(1, Math.min(level, maxLevel()));
    }

    public long delayMs(int level) {
        return delayMsByLevel[clamp(level) - 1];
    }

    /** The deliver time stored as the tagsCode of a delayed message. */
    public long deliverTimestamp(int level, long storeTimestamp) {
        return storeTimestamp + delayMs(level);
    }

    /** The SCHEDULE_TOPIC_XXXX queue of a level. */
    public static int queueIdOf(int level) {
        return level - 1;
    }
}
