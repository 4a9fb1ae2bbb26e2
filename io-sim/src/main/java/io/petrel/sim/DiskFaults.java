package io.petrel.sim;

/**
 * Faults a scenario can switch on for one {@link SimDisk}. Probabilities are per operation and
 * drawn from the node's "disk-faults" stream.
 */
public final class DiskFaults {

    int failNextForces;
    double forceFailureProbability;
    long slowForceExtraMs;
    double writeErrorProbability;
    double readErrorProbability;
    long fillerBytes;

    /** The next {@code count} forces (and directory syncs) fail. */
    public DiskFaults failNextForces(int count) {
        failNextForces = count;
        return this;
    }

    public DiskFaults forceFailureProbability(double p) {
        forceFailureProbability = p;
        return this;
    }

    /** Every force takes this much longer. */
    public DiskFaults slowForces(long extraMs) {
        slowForceExtraMs = extraMs;
        return this;
    }

    public DiskFaults writeErrorProbability(double p) {
        writeErrorProbability = p;
        return this;
    }

    public DiskFaults readErrorProbability(double p) {
        readErrorProbability = p;
        return this;
    }

    /** Space taken by someone else: the disk fills up. */
    public DiskFaults fillerBytes(long bytes) {
        fillerBytes = bytes;
        return this;
    }

    public long fillerBytes() {
        return fillerBytes;
    }

    /** Back to a healthy disk. */
    public void clear() {
        failNextForces = 0;
        forceFailureProbability = 0;
        slowForceExtraMs = 0;
        writeErrorProbability = 0;
        readErrorProbability = 0;
        fillerBytes = 0;
    }
}
