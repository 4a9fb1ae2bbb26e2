package io.petrel.scenarios.fuzz;

import io.petrel.env.RandomSource;
import io.petrel.scenarios.world.World;
import io.petrel.scenarios.world.WorldNode;
import java.util.List;

/**
 * The faults of a process, for any {@link World}: {@code CRASH} (killed, started again 1–30 s later),
 * {@code PAUSE} (frozen 1–20 s), {@code GRACEFUL_SHUTDOWN} (stopped cleanly, started 2–30 s later),
 * {@code RESTART} (killed and started at once) of a running server (a pause may hit any running node),
 * and {@code CLIENT_CRASH}. Targets and durations come from the run's fault stream in a fixed order,
 * so a simulated run draws exactly what it drew before this class was shared with real runs.
 */
public final class ProcessFaults {

    /** Whether a pause of {@code node} should outlast lock and channel expiry (may draw from the fault stream). */
    public interface LongPause {
        boolean pastLockExpiry(WorldNode node);
    }

    private final World world;
    private final FaultSchedule schedule;
    private final RandomSource random;
    private final LongPause longPause;

    public ProcessFaults(World world, FaultSchedule schedule, RandomSource random, LongPause longPause) {
        this.world = world;
        this.schedule = schedule;
        this.random = random;
        this.longPause = longPause;
    }

    static long durationMs(RandomSource random, long minMs, long maxMs) {
        return minMs + (long) (random.nextDouble() * (maxMs - minMs));
    }

    static <T> T pick(RandomSource random, List<T> from) {
        return from.isEmpty() ? null : from.get(random.nextInt(from.size()));
    }

    /** Injects {@code type} (a process fault); false when no node runs that it could hit. */
    public boolean inject(FaultType type) {
        if (type == FaultType.CLIENT_CRASH) {
            return clientCrash();
        }
        List<WorldNode> candidates = type == FaultType.PAUSE ? world.everyNode() : world.serverNodes();
        WorldNode n = pick(random, candidates.stream().filter(x -> x.state() == WorldNode.State.RUNNING).toList());
        if (n == null) {
            return false;
        }
        switch (type) {
            case CRASH -> {
                n.kill();
                schedule.begin(type, List.of(n.name()), durationMs(random, 1_000, 30_000), () -> startIfDown(n));
            }
            case PAUSE -> {
                n.pause();
                schedule.begin(type, List.of(n.name()), longPause.pastLockExpiry(n) ? durationMs(random, 125_000, 200_000)
                        : durationMs(random, 1_000, 20_000), n::resume);
            }
            case GRACEFUL_SHUTDOWN -> {
                n.shutdown();
                schedule.begin(type, List.of(n.name()), durationMs(random, 2_000, 30_000), () -> startIfDown(n));
            }
            case RESTART -> {
                n.kill();
                n.start();
                schedule.begin(type, List.of(n.name()), 0, null);
            }
            default -> throw new IllegalArgumentException(type + " is not a process fault");
        }
        return true;
    }

    private boolean clientCrash() {
        WorldNode n = pick(random, world.clientNodes().stream().filter(x -> x.state() == WorldNode.State.RUNNING).toList());
        if (n == null) {
            return false;
        }
        n.kill();
        schedule.begin(FaultType.CLIENT_CRASH, List.of(n.name()), durationMs(random, 1_000, 20_000), () -> startIfDown(n));
        return true;
    }

    /** Starts {@code n} if it is down (a heal; a supervisor). */
    public static void startIfDown(WorldNode n) {
        if (n.state() == WorldNode.State.DOWN) {
            n.start();
        }
    }
}
