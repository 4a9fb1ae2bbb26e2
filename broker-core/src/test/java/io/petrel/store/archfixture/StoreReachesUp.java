package io.petrel.store.archfixture;

import io.petrel.broker.BrokerRole;

/** Breaks a layering rule of CoreArchitectureTest on purpose, for CoreArchitectureRulesBiteTest; never used. */
public final class StoreReachesUp {

    private StoreReachesUp() {
    }

    static Object reach() {
        return BrokerRole.class;
    }
}
