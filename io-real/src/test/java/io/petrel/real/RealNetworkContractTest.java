package io.petrel.real;

import io.petrel.env.contract.NetworkContract;
import io.petrel.env.contract.SeamHarness;

/** The shared {@code Network} contract against Netty on loopback. */
class RealNetworkContractTest extends NetworkContract {

    @Override
    protected SeamHarness newHarness() {
        return new RealSeamHarness();
    }
}
