package io.petrel.remoting;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.TreeMap;

/** Builds code → name tables from a class's public static int constants. */
final class CodeNames {

    private CodeNames() {
    }

    static TreeMap<Integer, String> of(Class<?> constants) {
        TreeMap<Integer, String> names = new TreeMap<>();
        for (Field f : constants.getFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class) {
                try {
                    names.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
