package io.petrel.namesrv.archfixture;

import io.petrel.store.GetMessageStatus;

/** Breaks a layering rule of CoreArchitectureTest on purpose, for CoreArchitectureRulesBiteTest; never used. */
public final class NamesrvReachesIntoStore {

    private NamesrvReachesIntoStore() {
    }

    static Object reach() {
        return GetMessageStatus.class;
    }
}
