package io.petrel.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bound values of one component, every key present (defaults filled in). Immutable. */
public final class ConfigValues {

    private final ConfigRegistry registry;
    private final Map<String, Object> values;
    private final Set<String> explicit;
    private final List<String> warnings;

    ConfigValues(ConfigRegistry registry, Map<String, Object> values, Collection<String> explicit, List<String> warnings) {
        this.registry = registry;
        this.values = values;
        this.explicit = new LinkedHashSet<>(explicit);
        this.warnings = List.copyOf(warnings);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key.name());
        if (value == null && !values.containsKey(key.name())) {
            throw new IllegalArgumentException(key.name() + " is not a " + registry.component() + " key");
        }
        return (T) value;
    }

    /** Whether the file set this key (as opposed to the default). */
    public boolean isExplicit(ConfigKey<?> key) {
        return explicit.contains(key.name());
    }

    /** Warnings from binding: unknown keys. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * One line per reason for the keys set explicitly that have no effect
     * ({@link ConfigKey#hasEffect()}), keys of the same reason together in registry order:
     * {@code "sendMessageThreadPoolNums, pullMessageThreadPoolNums: no effect (accepted ...)"}.
     */
    public List<String> noEffectWarnings() {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (ConfigKey<?> key : registry.keys()) {
            if (!key.hasEffect() && explicit.contains(key.name())) {
                byReason.computeIfAbsent(key.petrelNote(), reason -> new ArrayList<>()).add(key.name());
            }
        }
        List<String> lines = new ArrayList<>();
        byReason.forEach((reason, names) -> lines.add(String.join(", ", names) + ": no effect (" + reason + ")"));
        return lines;
    }

    public ConfigRegistry registry() {
        return registry;
    }

    /** A copy with one value replaced (already parsed and validated by the caller). */
    public <T> ConfigValues with(ConfigKey<T> key, T value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key.name(), value);
        List<String> names = new ArrayList<>(explicit);
        names.add(key.name());
        return new ConfigValues(registry, copy, names, warnings);
    }

    /** Every key as {@code name=value}, in registry order, as {@code -p} prints it. */
    public List<String> render(boolean importantOnly) {
        List<String> lines = new ArrayList<>();
        for (ConfigKey<?> key : registry.keys()) {
            if (!importantOnly || key.important()) {
                lines.add(key.name() + "=" + formatted(key));
            }
        }
        return lines;
    }

    /** The value of a key formatted as a properties file would hold it. */
    public String formatted(ConfigKey<?> key) {
        return format(key, values.get(key.name()));
    }

    @SuppressWarnings("unchecked")
    private static <T> String format(ConfigKey<T> key, Object value) {
        return value == null ? "" : key.format((T) value);
    }
}
