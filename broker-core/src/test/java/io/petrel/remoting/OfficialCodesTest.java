package io.petrel.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Petrel's request and response codes against the official 4.9.8 classes, by reflection: every
 * Petrel constant whose name RocketMQ also defines has RocketMQ's value, so a typo in a code
 * cannot hide behind a test that uses the same typo on both sides.
 */
class OfficialCodesTest {

    @Test
    void requestCodesHaveTheOfficialValues() throws Exception {
        List<String> petrelOnly = assertSameValues(RequestCode.class,
                org.apache.rocketmq.common.protocol.RequestCode.class, 80);
        // GET_TOPIC_CONFIG (351) is RocketMQ 5.x's, served for rocketmq-dashboard 2.x (TopicConfigProcessor).
        assertThat(petrelOnly).as("Petrel request codes RocketMQ 4.9.8 does not name").containsExactly("GET_TOPIC_CONFIG");
    }

    @Test
    void responseCodesHaveTheOfficialValues() throws Exception {
        // The official ResponseCode extends RemotingSysResponseCode (SUCCESS, SYSTEM_ERROR, ...);
        // getField finds the inherited constants too.
        List<String> petrelOnly = assertSameValues(ResponseCode.class,
                org.apache.rocketmq.common.protocol.ResponseCode.class, 30);
        assertThat(petrelOnly).as("Petrel response codes RocketMQ 4.9.8 does not name").isEmpty();
    }

    /** Compares every public static int of {@code petrel}; returns the names {@code official} lacks. */
    private static List<String> assertSameValues(Class<?> petrel, Class<?> official, int atLeast) throws Exception {
        TreeMap<String, Integer> ours = intConstants(petrel);
        assertThat(ours).as("constants found in " + petrel.getName()).hasSizeGreaterThanOrEqualTo(atLeast);
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (var e : ours.entrySet()) {
            Field field;
            try {
                field = official.getField(e.getKey());
            } catch (NoSuchFieldException notThere) {
                missing.add(e.getKey());
                continue;
            }
            int theirs = field.getInt(null);
            if (theirs != e.getValue()) {
                wrong.add(e.getKey() + " is " + e.getValue() + " in Petrel but " + theirs + " in RocketMQ");
            }
        }
        assertThat(wrong).as("codes that differ from " + official.getName()).isEmpty();
        return missing;
    }

    private static TreeMap<String, Integer> intConstants(Class<?> type) throws IllegalAccessException {
        TreeMap<String, Integer> constants = new TreeMap<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class) {
                constants.put(f.getName(), f.getInt(null));
            }
        }
        return constants;
    }
}
