package io.petrel.scenarios.fuzz;

/**
 * A fuzz scenario's seed with the generator version it was drawn for, written {@code fuzz2-<n>}.
 * The version changes whenever the same number would produce a different scenario, so a seed
 * kept from an older build is refused with a clear message instead of replaying something else.
 *
 * <p>Versions this build still generates: 1 (clusters of masters only, the seeds that found the
 * bugs kept in {@code FuzzRegressionTest}), 2 (the same plans, with slaves: each broker name
 * may get a slave, its master then ASYNC_ or SYNC_MASTER), 3 (the same plans; an orderly
 * listener's work takes time, as a concurrent one's does, so the checker can see whether two members
 * consume one orderly queue at once), 4 (the same plans; half the flips aimed at record headers hit
 * the low bytes of the queue id or offset, where a changed value still looks plausible) and 5 (the
 * same plans; two in three add transactional sends, with the brokers' checks made frequent) and 6 (the
 * same plans; one in three turns ACL on, the workload's clients signing and an intruder sending
 * requests it has no permission for).
 */
public record FuzzSeed(long value, int version) {

    /** The scenario generator's version new seeds get; bump it when plans or workloads change. */
    public static final int VERSION = 6;
    /** The oldest version this build still generates. */
    public static final int OLDEST_VERSION = 1;
    private static final String PREFIX = "fuzz";

    public FuzzSeed {
        if (version < OLDEST_VERSION || version > VERSION) {
            throw new IllegalArgumentException("no scenario generator v" + version);
        }
    }

    /** A seed of the current version. */
    public FuzzSeed(long value) {
        this(value, VERSION);
    }

    @Override
    public String toString() {
        return PREFIX + version + "-" + Long.toUnsignedString(value);
    }

    public String replayCommand() {
        return "bin/replay " + this;
    }

    /** Whether text looks like a fuzz seed (of any version). */
    public static boolean looksLike(String text) {
        return text != null && text.trim().startsWith(PREFIX);
    }

    /**
     * Reads {@code fuzz<v>-<n>} (n decimal or 0x hex), or a bare number for the current version.
     *
     * @throws IllegalArgumentException naming the text, or the version it came from
     */
    public static FuzzSeed parse(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.startsWith(PREFIX)) {
            return new FuzzSeed(number(t, text));
        }
        int dash = t.indexOf('-');
        String version = dash < 0 ? "" : t.substring(PREFIX.length(), dash);
        if (dash < 0 || !version.matches("[0-9]+")) {
            throw new IllegalArgumentException("'" + text + "' is not a fuzz seed: expected fuzz" + VERSION + "-<number>");
        }
        int v = Integer.parseInt(version);
        if (v < OLDEST_VERSION || v > VERSION) {
            throw new IllegalArgumentException("seed '" + text + "' comes from scenario generator v" + version
                    + "; this build generates v" + OLDEST_VERSION + " to v" + VERSION
                    + " scenarios and cannot replay it (check out the build that printed it)");
        }
        return new FuzzSeed(number(t.substring(dash + 1), text), v);
    }

    private static long number(String digits, String original) {
        try {
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                return Long.parseUnsignedLong(digits.substring(2), 16);
            }
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + original + "' is not a seed: use fuzz" + VERSION
                    + "-<decimal or 0x hex>, e.g. fuzz" + VERSION + "-42");
        }
    }
}
