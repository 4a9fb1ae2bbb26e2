package io.petrel.broker;

import io.petrel.common.DataVersion;
import io.petrel.common.Sabotage;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigValues;
import io.petrel.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The broker's settings as they are now, and the only way to change them while it runs
 * (UPDATE_BROKER_CONFIG). An update is all or nothing and accepts only keys marked
 * {@link ConfigKey#runtimeUpdatable()}: never a path, a script, a class name or anything else
 * that needs a restart. RocketMQ applied any key not on its black list, which let
 * {@code updateBrokerConfig} point the broker at attacker-chosen files and commands
 * (CVE-2023-33246); here a key must be allowed, and even an allowed key whose name looks like a
 * path, directory, file, class, script, command or address (judged by the words of its camelCase
 * name) is refused, in case someone marks one by mistake.
 *
 * <p>Refusals, first match wins: black-listed key → NO_PERMISSION "Can not update config in black
 * list." (RocketMQ's answer); unknown key, malformed text or bad value → SYSTEM_ERROR naming it;
 * a key that cannot change at runtime → NO_PERMISSION naming it. Each accepted update bumps the
 * config's data version and is announced with the keys that changed. Not persisted: a restart
 * reads the operator's file again. Single-threaded on the broker's loop.
 */
public final class BrokerRuntimeConfig {


    /** An update's answer: SUCCESS with the changed keys, or a code and remark. */
    public record Outcome(int code, String remark, List<String> changedKeys) {
        public boolean ok() {
            return code == ResponseCode.SUCCESS;
        }

        static Outcome refused(int code, String remark) {
            return new Outcome(code, remark, List.of());
        }
    }

    private final BiConsumer<BrokerConfig, List<String>> onChange;
    private final boolean keepAcceptedOnRefusal;
    private final boolean pathKeysAccepted;
    private BrokerConfig current;
    private DataVersion dataVersion;

    public BrokerRuntimeConfig(BrokerConfig initial, long nowMs, BiConsumer<BrokerConfig, List<String>> onChange) {
        this(initial, nowMs, onChange, Sabotage.none());
    }

    /**
     * With test-only {@link Sabotage} switches ({@link Sabotage#REFUSED_CONFIG_UPDATE_KEEPS_EARLIER_KEYS} and
     * {@link Sabotage#PATH_KEYS_UPDATABLE_AT_RUNTIME} act here).
     */
    public BrokerRuntimeConfig(BrokerConfig initial, long nowMs, BiConsumer<BrokerConfig, List<String>> onChange,
            Set<Sabotage> sabotage) {
        this.current = initial;
        this.onChange = onChange;
        this.dataVersion = DataVersion.initial(nowMs);
        this.keepAcceptedOnRefusal = sabotage.contains(Sabotage.REFUSED_CONFIG_UPDATE_KEEPS_EARLIER_KEYS);
        this.pathKeysAccepted = sabotage.contains(Sabotage.PATH_KEYS_UPDATABLE_AT_RUNTIME);
    }

    public BrokerConfig current() {
        return current;
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** Whether a key may be changed while the broker runs. */
    public static boolean updatableAtRuntime(ConfigKey<?> key) {
        return key.runtimeUpdatable() && !key.namesPathProgramOrAddress();
    }

    /** Every key as {@code name=value} lines (GET_BROKER_CONFIG's body). */
    public String allConfigsText() {
        StringBuilder text = new StringBuilder();
        current.values().render(false).forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** Applies {@code properties} (name → text) if every key may change; otherwise changes nothing. */
    public Outcome update(Map<String, String> properties, long nowMs) {
        for (String name : new TreeSet<>(properties.keySet())) {
            if (current.configBlackList().contains(name)) {
                return Outcome.refused(ResponseCode.NO_PERMISSION, "Can not update config in black list.");
            }
        }
        ConfigValues values = current.values();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            ConfigKey<?> key = values.registry().find(e.getKey());
            if (key == null) {
                return refusedAfter(values, changed, nowMs, Outcome.refused(ResponseCode.SYSTEM_ERROR,
                        "unknown broker config key '" + e.getKey() + "'"));
            }
            // SABOTAGE (tests only): pathKeysAccepted is true only under PATH_KEYS_UPDATABLE_AT_RUNTIME.
            if (!updatableAtRuntime(key) && !pathKeysAccepted) {
                return refusedAfter(values, changed, nowMs, Outcome.refused(ResponseCode.NO_PERMISSION,
                        "Can not update config " + key.name() + " at runtime: it needs a restart (keys that can change"
                                + " while the broker runs: " + updatableKeys() + ")"));
            }
            try {
                values = with(values, key, e.getValue());
            } catch (ConfigException bad) {
                return refusedAfter(values, changed, nowMs,
                        Outcome.refused(ResponseCode.SYSTEM_ERROR, String.join("; ", bad.problems())));
            }
            changed.add(key.name());
        }
        BrokerConfig next;
        try {
            next = BrokerConfig.from(values);
        } catch (ConfigException bad) {
            return Outcome.refused(ResponseCode.SYSTEM_ERROR, String.join("; ", bad.problems()));
        }
        current = next;
        dataVersion = dataVersion.next(nowMs);
        onChange.accept(next, changed);
        return new Outcome(ResponseCode.SUCCESS, null, changed);
    }

    /** A refusal; it changes nothing, unless sabotaged. */
    private Outcome refusedAfter(ConfigValues accepted, List<String> changed, long nowMs, Outcome refusal) {
        if (keepAcceptedOnRefusal && !changed.isEmpty()) {
            // SABOTAGE (tests only): REFUSED_CONFIG_UPDATE_KEEPS_EARLIER_KEYS. The keys read before the
            // refused one stay applied although the whole update is answered as refused.
            try {
                current = BrokerConfig.from(accepted);
                dataVersion = dataVersion.next(nowMs);
                onChange.accept(current, List.copyOf(changed));
            } catch (ConfigException bad) {
                return refusal; // the partial settings do not validate: nothing to keep
            }
        }
        return refusal;
    }

    private static <T> ConfigValues with(ConfigValues values, ConfigKey<T> key, String text) {
        return values.with(key, key.parse(text));
    }

    private String updatableKeys() {
        List<String> names = new ArrayList<>();
        current.values().registry().keys().stream().filter(BrokerRuntimeConfig::updatableAtRuntime).forEach(k -> names.add(k.name()));
        return String.join(", ", names);
    }
}
