package io.petrel.real;

import io.petrel.env.contract.SeamHarness;
import io.petrel.env.contract.StreamContract;

/** The shared byte-stream contract against Netty on loopback. */
class RealStreamContractTest extends StreamContract {

    @Override
    protected SeamHarness newHarness() {
        return new RealSeamHarness();
    }
}
