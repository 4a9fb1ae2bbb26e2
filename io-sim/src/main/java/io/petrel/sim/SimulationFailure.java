package io.petrel.sim;

/**
 * A simulation went wrong: a node threw, an invariant broke, or a check failed. The message
 * always carries the seed, the virtual time and the command that replays the run.
 */
public final class SimulationFailure extends RuntimeException {

    private final long seed;

    public SimulationFailure(long seed, String what, Throwable cause) {
        super(what + "\n  seed=" + seed + "\n  reproduce with: " + replayCommand(seed), cause);
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    public static String replayCommand(long seed) {
        return "bin/replay " + seed;
    }
}
