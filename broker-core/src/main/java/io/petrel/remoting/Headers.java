package io.petrel.remoting;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Custom headers are Java records whose component names are RocketMQ's field names. They encode to
 * ext fields as {@code name → String.valueOf(value)} (nulls left out, primitive booleans always
 * written) and decode back by component type: String as is; int/Integer, long/Long and Double as
 * decimals; boolean/Boolean true when the text is "true" in any case. A missing {@link Required}
 * field or a malformed number is a {@link HeaderException} naming the field and the request.
 */
public final class Headers {

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private Headers() {
    }

    /** The reflective shape of one header record, computed once per class. */
    private record Shape(RecordComponent[] components, boolean[] required, Constructor<?> constructor) {

        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            boolean[] required = new boolean[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                required[i] = components[i].isAnnotationPresent(Required.class);
            }
            try {
                return new Shape(components, required, type.getDeclaredConstructor(types));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
            }
        }
    }

    public static Map<String, String> encode(Object header) {
        Shape shape = SHAPES.get(header.getClass());
        Map<String, String> fields = new LinkedHashMap<>();
        for (RecordComponent component : shape.components) {
            Object value;
            try {
                value = component.getAccessor().invoke(header);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
            if (value != null) {
                fields.put(component.getName(), String.valueOf(value));
            }
        }
        return fields;
    }

    public static <H> H decode(Class<H> type, Map<String, String> ext, int requestCode) {
        Shape shape = SHAPES.get(type);
        Object[] args = new Object[shape.components.length];
        for (int i = 0; i < args.length; i++) {
            RecordComponent component = shape.components[i];
            String text = ext == null ? null : ext.get(component.getName());
            if (text == null) {
                if (shape.required[i]) {
                    throw new HeaderException("missing required header field '" + component.getName() + "' in "
                            + RequestCode.describe(requestCode));
                }
                args[i] = absent(component.getType());
            } else {
                args[i] = parse(component, text, requestCode);
            }
        }
        try {
            return type.cast(shape.constructor.newInstance(args));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new HeaderException("invalid header for " + RequestCode.describe(requestCode) + ": "
                    + (cause == null ? e : cause.getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    private static Object absent(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }

    private static Object parse(RecordComponent component, String text, int requestCode) {
        Class<?> type = component.getType();
        try {
            if (type == String.class) {
                return text;
            }
            if (type == Integer.class || type == int.class) {
                return Integer.parseInt(text.trim());
            }
            if (type == Long.class || type == long.class) {
                return Long.parseLong(text.trim());
            }
            if (type == Boolean.class || type == boolean.class) {
                return Boolean.parseBoolean(text.trim());
            }
            if (type == Double.class || type == double.class) {
                return Double.parseDouble(text.trim());
            }
        } catch (NumberFormatException e) {
            throw new HeaderException("header field '" + component.getName() + "' of "
                    + RequestCode.describe(requestCode) + " is not a number: '" + text + "'");
        }
        throw new IllegalStateException("unsupported header field type " + type + " in " + component);
    }
}
