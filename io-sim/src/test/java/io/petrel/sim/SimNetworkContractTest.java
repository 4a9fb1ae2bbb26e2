package io.petrel.sim;

import io.petrel.env.contract.NetworkContract;
import io.petrel.env.contract.SeamHarness;

class SimNetworkContractTest extends NetworkContract {

    @Override
    protected SeamHarness newHarness() {
        return new SimSeamHarness(42);
    }
}
