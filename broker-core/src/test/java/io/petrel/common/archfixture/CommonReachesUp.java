package io.petrel.common.archfixture;

import io.petrel.remoting.ResponseCode;

/** Breaks a layering rule of CoreArchitectureTest on purpose, for CoreArchitectureRulesBiteTest; never used. */
public final class CommonReachesUp {

    private CommonReachesUp() {
    }

    static Object reach() {
        return ResponseCode.class;
    }
}
