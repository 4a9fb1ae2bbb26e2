package io.petrel.config;

import java.util.List;

/** Configuration that cannot be used; the message names every bad key and value. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;
    private final List<String> warnings;

    public ConfigException(List<String> problems) {
        this(problems, List.of());
    }

    /** {@code warnings}: what binding found besides the problems (unknown keys), so a refusal can show them too. */
    public ConfigException(List<String> problems, List<String> warnings) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }

    public List<String> warnings() {
        return warnings;
    }
}
