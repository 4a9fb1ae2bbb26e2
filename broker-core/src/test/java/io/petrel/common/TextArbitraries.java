package io.petrel.common;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Text for the persisted-file round-trip properties: any UTF-16 code unit (control characters,
 * quotes, backslashes, CJK, emoji halves and unpaired surrogates alike), mostly short, sometimes at
 * or near a length limit. Long text repeats a random seed, so a megabyte costs no more to generate
 * than a line.
 */
public final class TextArbitraries {

    private TextArbitraries() {
    }

    /** Any text of at most {@code maxChars} characters; about one in five is long, some exactly that long. */
    public static Arbitrary<String> anyText(int maxChars) {
        Arbitrary<String> seed = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(64);
        Arbitrary<String> atLimit = seed.map(s -> repeatTo(s, maxChars));
        Arbitrary<String> long_ = Arbitraries.integers().between(0, maxChars).flatMap(n -> seed.map(s -> repeatTo(s, n)));
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().all().ofMaxLength(Math.min(40, maxChars))),
                Tuple.of(1, long_),
                Tuple.of(1, atLimit));
    }

    /** {@code seed} repeated and cut to exactly {@code chars} characters. */
    public static String repeatTo(String seed, int chars) {
        StringBuilder b = new StringBuilder(chars);
        while (b.length() < chars) {
            b.append(seed, 0, Math.min(seed.length(), chars - b.length()));
        }
        return b.toString();
    }
}
