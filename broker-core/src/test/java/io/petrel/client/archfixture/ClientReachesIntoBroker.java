package io.petrel.client.archfixture;

import io.petrel.broker.BrokerRole;

/** Breaks a layering rule of CoreArchitectureTest on purpose, for CoreArchitectureRulesBiteTest; never used. */
public final class ClientReachesIntoBroker {

    private ClientReachesIntoBroker() {
    }

    static Object reach() {
        return BrokerRole.class;
    }
}
