package io.petrel.sim;

import io.petrel.env.contract.SeamHarness;
import io.petrel.env.contract.StreamContract;

/** The shared byte-stream contract against the simulated network (random chunking, send window). */
class SimStreamContractTest extends StreamContract {

    @Override
    protected SeamHarness newHarness() {
        return new SimSeamHarness(42);
    }
}
