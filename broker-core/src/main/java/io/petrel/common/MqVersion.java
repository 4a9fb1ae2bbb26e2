package io.petrel.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names of the version ordinals carried in every command and in connection bodies
 * (RocketMQ's MQVersion.Version), so that 409 prints as V4_9_8. The table is generated from the
 * enum's regular shape: 3.0.0 pre-releases, then a SNAPSHOT and a release per patch version
 * (3.0.1-3.0.15, 3.1.x-3.2.x from .0, 3.3.x-3.9.x from .1, 4.0.0-5.9.9 from .0).
 */
public final class MqVersion {

    /** V4_9_8, the version Petrel speaks. */
    public static final int CURRENT = 409;

    private static final List<String> NAMES = build();

    private MqVersion() {
    }

    /** The version's name; ordinals past the table name its last entry, as RocketMQ does. */
    public static String describe(int ordinal) {
        if (ordinal < 0) {
            return "UNKNOWN(" + ordinal + ")";
        }
        return NAMES.get(Math.min(ordinal, NAMES.size() - 1));
    }

    private static List<String> build() {
        List<String> names = new ArrayList<>(List.of("V3_0_0_SNAPSHOT", "V3_0_0_ALPHA1", "V3_0_0_BETA1", "V3_0_0_BETA2",
                "V3_0_0_BETA3", "V3_0_0_BETA4", "V3_0_0_BETA5"));
        for (int beta = 6; beta <= 9; beta++) {
            names.add("V3_0_0_BETA" + beta + "_SNAPSHOT");
            names.add("V3_0_0_BETA" + beta);
        }
        names.add("V3_0_0_FINAL");
        addPatches(names, 3, 0, 1, 15);
        addPatches(names, 3, 1, 0, 9);
        addPatches(names, 3, 2, 0, 9);
        for (int minor = 3; minor <= 9; minor++) {
            addPatches(names, 3, minor, 1, 9);
        }
        for (int major = 4; major <= 5; major++) {
            for (int minor = 0; minor <= 9; minor++) {
                addPatches(names, major, minor, 0, 9);
            }
        }
        names.add("HIGHER_VERSION");
        return Collections.unmodifiableList(names);
    }

    private static void addPatches(List<String> names, int major, int minor, int from, int to) {
        for (int patch = from; patch <= to; patch++) {
            String name = "V" + major + "_" + minor + "_" + patch;
            names.add(name + "_SNAPSHOT");
            names.add(name);
        }
    }
}
