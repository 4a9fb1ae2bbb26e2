package io.petrel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration key: its RocketMQ name, accepted aliases, type, default, validation and doc.
 * Built with {@link #builder}; immutable afterwards.
 */
public final class ConfigKey<T> {

    /** Words of a camelCase key name that mark a path, a program or an address. */
    private static final Set<String> PATH_PROGRAM_OR_ADDRESS_WORDS = new TreeSet<>(List.of("path", "dir", "home", "file",
            "class", "script", "command", "exec", "url", "addr", "host"));
    private static final Pattern CAMEL_CASE_WORD = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    private final String name;
    private final List<String> aliases;
    private final ValueType<T> type;
    private final Function<ConfigContext, T> defaultValue;
    private final Function<T, String> validator;
    private final String doc;
    private final boolean important;
    private final boolean runtimeUpdatable;
    private final String petrelNote;
    private final boolean hasEffect;

    private ConfigKey(Builder<T> b) {
        this.name = b.name;
        this.aliases = List.copyOf(b.aliases);
        this.type = b.type;
        this.defaultValue = b.defaultValue;
        this.validator = b.validator;
        this.doc = b.doc;
        this.important = b.important;
        this.runtimeUpdatable = b.runtimeUpdatable;
        this.petrelNote = b.petrelNote;
        this.hasEffect = b.hasEffect;
    }

    public static <T> Builder<T> builder(String name, ValueType<T> type) {
        return new Builder<>(name, type);
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    public ValueType<T> type() {
        return type;
    }

    public String doc() {
        return doc;
    }

    /** Shown by {@code -m}. */
    public boolean important() {
        return important;
    }

    /** May be changed at runtime through updateBrokerConfig. */
    public boolean runtimeUpdatable() {
        return runtimeUpdatable;
    }

    /** How Petrel treats this key differently from RocketMQ, or "" when it does not. */
    public String petrelNote() {
        return petrelNote;
    }

    /**
     * False for a key Petrel accepts so that RocketMQ's files work but that changes nothing (thread
     * pools, Netty tuning, features Petrel does not have yet); its {@link #petrelNote} says why.
     */
    /**
     * Whether the key's name, read as camelCase words, names a path, directory, file, class, script,
     * command or address: such a key never changes at runtime (CVE-2023-33246, CVE-2023-37582).
     */
    public boolean namesPathProgramOrAddress() {
        for (String word : CAMEL_CASE_WORD.split(name)) {
            if (PATH_PROGRAM_OR_ADDRESS_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    public boolean hasEffect() {
        return hasEffect;
    }

    public T defaultValue(ConfigContext context) {
        return defaultValue.apply(context);
    }

    /** Parses and validates {@code text}; the exception names this key and the text. */
    public T parse(String text) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad value for " + name + ": '" + text + "' is " + e.getMessage());
        }
        String problem = validator.apply(value);
        if (problem != null) {
            throw new ConfigException("bad value for " + name + ": '" + text + "' " + problem);
        }
        return value;
    }

    public String format(T value) {
        return type.format(value);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link ConfigKey}. */
    public static final class Builder<T> {
        private final String name;
        private final ValueType<T> type;
        private final List<String> aliases = new ArrayList<>();
        private Function<ConfigContext, T> defaultValue;
        private Function<T, String> validator = v -> null;
        private String doc = "";
        private boolean important;
        private boolean runtimeUpdatable;
        private String petrelNote = "";
        private boolean hasEffect = true;

        private Builder(String name, ValueType<T> type) {
            this.name = Objects.requireNonNull(name);
            this.type = Objects.requireNonNull(type);
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = context -> value;
            return this;
        }

        public Builder<T> defaultFrom(Function<ConfigContext, T> fromContext) {
            this.defaultValue = fromContext;
            return this;
        }

        public Builder<T> alias(String alias) {
            aliases.add(alias);
            return this;
        }

        /** {@code check} returns null when the value is fine, else the reason ("must be at least 1"). */
        public Builder<T> check(Function<T, String> check) {
            this.validator = check;
            return this;
        }

        public Builder<T> doc(String text) {
            this.doc = text;
            return this;
        }

        public Builder<T> important() {
            this.important = true;
            return this;
        }

        public Builder<T> runtimeUpdatable() {
            this.runtimeUpdatable = true;
            return this;
        }

        /** The key works, but not quite as in RocketMQ; {@code note} says how Petrel differs. */
        public Builder<T> petrelNote(String note) {
            this.petrelNote = note;
            return this;
        }

        /**
         * Accepted for compatibility but without effect; {@code why} says so and why ("accepted for
         * compatibility; ..."). {@code -p} shows it above the key, and a server warns at start-up
         * when its file sets such a key.
         */
        public Builder<T> noEffect(String why) {
            this.petrelNote = why;
            this.hasEffect = false;
            return this;
        }

        public ConfigKey<T> build() {
            Objects.requireNonNull(defaultValue, "default of " + name);
            return new ConfigKey<>(this);
        }
    }

    // ---- common validators -----------------------------------------------------------------

    public static Function<Integer, String> intRange(int min, int max) {
        return v -> v < min || v > max ? "must be between " + min + " and " + max : null;
    }

    public static Function<Long, String> longRange(long min, long max) {
        return v -> v < min || v > max ? "must be between " + min + " and " + max : null;
    }

    public static Function<String, String> notBlank() {
        return v -> v.isBlank() ? "must not be empty" : null;
    }
}
