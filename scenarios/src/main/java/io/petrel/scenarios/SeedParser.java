package io.petrel.scenarios;

import picocli.CommandLine;

/** Reads a seed as decimal or 0x-prefixed hex, with an error that names the bad text. */
public final class SeedParser implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String text = value == null ? "" : value.trim();
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a seed: use a decimal number such as 42 or hex such as 0x2a");
        }
    }
}
