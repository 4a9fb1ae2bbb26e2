package io.petrel.remoting.archfixture;

import io.petrel.store.GetMessageStatus;

/** Breaks a layering rule of CoreArchitectureTest on purpose, for CoreArchitectureRulesBiteTest; never used. */
public final class RemotingReachesUp {

    private RemotingReachesUp() {
    }

    static Object reach() {
        return GetMessageStatus.class;
    }
}
