package io.petrel.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All keys of one component (NameServer, Broker, store), in the order {@code -p} prints them, and
 * the binding of a properties map to a {@link ConfigValues}.
 */
public final class ConfigRegistry {

    private final String component;
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    private final Map<String, ConfigKey<?>> byAnyName = new TreeMap<>();

    public ConfigRegistry(String component, Collection<ConfigRegistry> includes, List<ConfigKey<?>> own) {
        this.component = component;
        for (ConfigRegistry other : includes) {
            other.keys.values().forEach(this::add);
        }
        own.forEach(this::add);
    }

    public ConfigRegistry(String component, List<ConfigKey<?>> own) {
        this(component, List.of(), own);
    }

    private void add(ConfigKey<?> key) {
        if (keys.containsKey(key.name())) {
            throw new IllegalArgumentException(component + " defines " + key.name() + " twice");
        }
        keys.put(key.name(), key);
        byAnyName.put(key.name(), key);
        for (String alias : key.aliases()) {
            byAnyName.put(alias, key);
        }
    }

    public String component() {
        return component;
    }

    public Collection<ConfigKey<?>> keys() {
        return Collections.unmodifiableCollection(keys.values());
    }

    /** The key with this name or alias, or null. */
    public ConfigKey<?> find(String nameOrAlias) {
        return byAnyName.get(nameOrAlias);
    }

    /**
     * Binds {@code properties} (iterated in key order, so messages are stable). Unknown keys become
     * warnings, or problems in strict mode. Every bad value is reported, not only the first.
     *
     * @throws ConfigException listing every problem
     */
    public ConfigValues bind(Map<String, String> properties, ConfigContext context, boolean strict) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
            ConfigKey<?> key = byAnyName.get(e.getKey());
            if (key == null) {
                String text = "unknown " + component + " config key '" + e.getKey() + "' (ignored)";
                (strict ? problems : warnings).add(text);
                continue;
            }
            if (sources.containsKey(key.name())) {
                problems.add(key.name() + " is set twice, as " + sources.get(key.name()) + " and " + e.getKey());
                continue;
            }
            try {
                values.put(key.name(), key.parse(e.getValue()));
                sources.put(key.name(), e.getKey());
            } catch (ConfigException bad) {
                problems.addAll(bad.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, warnings);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys.values()) {
            all.put(key.name(), values.containsKey(key.name()) ? values.get(key.name()) : key.defaultValue(context));
        }
        return new ConfigValues(this, all, sources.keySet(), warnings);
    }

    /** Defaults only. */
    public ConfigValues defaults(ConfigContext context) {
        return bind(Collections.emptyMap(), context, false);
    }
}
