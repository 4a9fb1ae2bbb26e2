package io.petrel.sim;

import io.petrel.env.contract.DiskContract;
import io.petrel.env.contract.SeamHarness;

class SimDiskContractTest extends DiskContract {

    @Override
    protected SeamHarness newHarness() {
        return new SimSeamHarness(7);
    }
}
