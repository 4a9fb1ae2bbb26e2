package io.petrel.config;

import java.util.Locale;

/**
 * How one kind of value is read from and written to a properties file. {@link #parse} throws
 * {@link IllegalArgumentException} with a short reason ("not an integer") when the text is bad.
 */
public interface ValueType<T> {

    T parse(String text);

    default String format(T value) {
        return String.valueOf(value);
    }

    String describe();

    ValueType<Integer> INT = new ValueType<>() {
        @Override
        public Integer parse(String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
        }

        @Override
        public String describe() {
            return "integer";
        }
    };

    ValueType<Long> LONG = new ValueType<>() {
        @Override
        public Long parse(String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
        }

        @Override
        public String describe() {
            return "integer";
        }
    };

    /** Strict: only true or false (any case). RocketMQ reads anything else as false; we refuse it. */
    ValueType<Boolean> BOOLEAN = new ValueType<>() {
        @Override
        public Boolean parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true")) {
                return true;
            }
            if (t.equals("false")) {
                return false;
            }
            throw new IllegalArgumentException("not true or false");
        }

        @Override
        public String describe() {
            return "true|false";
        }
    };

    ValueType<String> STRING = new ValueType<>() {
        @Override
        public String parse(String text) {
            return text.trim();
        }

        @Override
        public String describe() {
            return "text";
        }
    };

    /** An enum read by name (case-insensitive), written by name. */
    static <E extends Enum<E>> ValueType<E> enumOf(Class<E> type) {
        return new ValueType<>() {
            @Override
            public E parse(String text) {
                String t = text.trim();
                for (E e : type.getEnumConstants()) {
                    if (e.name().equalsIgnoreCase(t)) {
                        return e;
                    }
                }
                throw new IllegalArgumentException("not one of " + describe());
            }

            @Override
            public String format(E value) {
                return value.name();
            }

            @Override
            public String describe() {
                StringBuilder names = new StringBuilder();
                for (E e : type.getEnumConstants()) {
                    names.append(names.length() == 0 ? "" : "|").append(e.name());
                }
                return names.toString();
            }
        };
    }
}
