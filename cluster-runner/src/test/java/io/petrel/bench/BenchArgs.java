package io.petrel.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's command line: {@code --name value} or {@code --name=value}, each name at most once
 * and only the names the benchmark knows; anything else stops it with its usage line.
 */
final class BenchArgs {

    private BenchArgs() {
    }

    /** The given options by name, in command-line order. */
    static Map<String, String> parse(String[] args, List<String> names, String usage) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = eq >= 0 ? arg.substring(0, eq) : arg;
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; " + usage);
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(arg + " needs a value; " + usage);
            }
            if (given.put(name, value) != null) {
                throw new IllegalArgumentException(name + " given twice");
            }
        }
        return given;
    }

    static String oneOf(String name, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw new IllegalArgumentException(name + " must be " + String.join(" or ", allowed) + ", not '" + value + "'");
        }
        return value;
    }
}
