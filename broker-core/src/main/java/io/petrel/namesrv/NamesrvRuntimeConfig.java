package io.petrel.namesrv;

import io.petrel.config.ConfigException;
import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigValues;
import io.petrel.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The NameServer's settings as they are now, and the only way to change them while it runs
 * (UPDATE_NAMESRV_CONFIG). An update is all or nothing and takes an allow-list: only keys marked
 * {@link ConfigKey#runtimeUpdatable()} whose camelCase name has no word naming a path, file,
 * directory, class, script, command or address. RocketMQ 4.9.8 applied every key not on its
 * black list and wrote the result to {@code configStorePath}, a path the same request could set,
 * which let anyone who reached the port write files (CVE-2023-37582).
 *
 * <p>Refusals, first match wins: a key on RocketMQ's black list (configBlackList, configStorePath,
 * kvConfigPath, rocketmqHome) → NO_PERMISSION with RocketMQ's remark and the keys named; an unknown
 * key → SYSTEM_ERROR naming it; a key that cannot change at runtime → NO_PERMISSION naming it; a bad
 * value → SYSTEM_ERROR naming key and value. Not persisted: a restart reads the operator's file
 * again. Single-threaded on the NameServer's loop.
 */
public final class NamesrvRuntimeConfig {

    /** RocketMQ 4.9.8's fixed black list (DefaultRequestProcessor). */
    static final Set<String> BLACK_LIST = new TreeSet<>(List.of("configBlackList", "configStorePath", "kvConfigPath",
            "rocketmqHome"));

    /** An update's answer: SUCCESS with the changed keys, or a code and a remark naming what was refused. */
    public record Outcome(int code, String remark, List<String> changedKeys) {
        public boolean ok() {
            return code == ResponseCode.SUCCESS;
        }

        static Outcome refused(int code, String remark) {
            return new Outcome(code, remark, List.of());
        }
    }

    private NamesrvConfig current;

    public NamesrvRuntimeConfig(NamesrvConfig initial) {
        this.current = initial;
    }

    public NamesrvConfig current() {
        return current;
    }

    /** Whether a key may be changed while the NameServer runs. */
    public static boolean updatableAtRuntime(ConfigKey<?> key) {
        return key.runtimeUpdatable() && !BLACK_LIST.contains(key.name()) && !key.namesPathProgramOrAddress();
    }

    /** Applies {@code properties} (name → text) if every key may change; otherwise changes nothing. */
    public Outcome update(Map<String, String> properties) {
        Map<String, String> sorted = new TreeMap<>(properties);
        List<String> black = sorted.keySet().stream().filter(BLACK_LIST::contains).toList();
        if (!black.isEmpty()) {
            return Outcome.refused(ResponseCode.NO_PERMISSION, "Can not update config in black list. " + black);
        }
        ConfigValues values = current.values();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            ConfigKey<?> key = values.registry().find(e.getKey());
            if (key == null) {
                return Outcome.refused(ResponseCode.SYSTEM_ERROR, "unknown namesrv config key '" + e.getKey() + "'");
            }
            if (!updatableAtRuntime(key)) {
                return Outcome.refused(ResponseCode.NO_PERMISSION, "Can not update config " + key.name()
                        + " at runtime: it needs a restart (keys that can change while the NameServer runs: "
                        + updatableKeys() + ")");
            }
            try {
                values = with(values, key, e.getValue());
            } catch (ConfigException bad) {
                return Outcome.refused(ResponseCode.SYSTEM_ERROR, String.join("; ", bad.problems()));
            }
            changed.add(key.name());
        }
        current = NamesrvConfig.from(values);
        return new Outcome(ResponseCode.SUCCESS, null, changed);
    }

    private static <T> ConfigValues with(ConfigValues values, ConfigKey<T> key, String text) {
        return values.with(key, key.parse(text));
    }

    private String updatableKeys() {
        List<String> names = new ArrayList<>();
        current.values().registry().keys().stream().filter(NamesrvRuntimeConfig::updatableAtRuntime)
                .forEach(k -> names.add(k.name()));
        return String.join(", ", names);
    }
}
