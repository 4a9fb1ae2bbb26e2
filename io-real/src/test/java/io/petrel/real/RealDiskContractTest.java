package io.petrel.real;

import io.petrel.env.contract.DiskContract;
import io.petrel.env.contract.SeamHarness;

/** The shared {@code Disk} contract against memory-mapped files in a temporary directory. */
class RealDiskContractTest extends DiskContract {

    @Override
    protected SeamHarness newHarness() {
        return new RealSeamHarness();
    }
}
