package io.petrel.chaos;

import io.petrel.env.RandomSource;
import io.petrel.scenarios.fuzz.FaultSchedule;
import io.petrel.scenarios.fuzz.FaultType;
import io.petrel.scenarios.world.World;
import io.petrel.scenarios.world.WorldNode;
import java.util.List;
import java.util.Map;

/**
 * The disk faults of a chaos run: {@code DISK_FULL} leaves a running broker's store (a
 * {@link TmpfsStore}) no free space for 3–30 s, as the simulator's "almost no space for a while".
 * Draws come from the run's own stream.
 */
final class DiskFaults {

    static final List<FaultType> TYPES = List.of(FaultType.DISK_FULL);

    private final World world;
    private final Map<String, TmpfsStore> stores;
    private final FaultSchedule schedule;
    private final RandomSource random;

    /** {@code stores}: each broker's tmpfs store by node name. */
    DiskFaults(World world, Map<String, TmpfsStore> stores, FaultSchedule schedule, RandomSource random) {
        this.world = world;
        this.stores = stores;
        this.schedule = schedule;
        this.random = random;
    }

    /** Injects {@code type}; false when no running broker has room to lose. */
    boolean inject(FaultType type) {
        if (type != FaultType.DISK_FULL) {
            throw new IllegalArgumentException(type + " is not a disk fault chaos injects");
        }
        List<WorldNode> candidates = world.serverNodes().stream()
                .filter(n -> n.state() == WorldNode.State.RUNNING && stores.containsKey(n.name()) && !stores.get(n.name()).isFull())
                .toList();
        if (candidates.isEmpty()) {
            return false;
        }
        WorldNode n = candidates.get(random.nextInt(candidates.size()));
        TmpfsStore store = stores.get(n.name());
        long duration = 3_000 + (long) (random.nextDouble() * 27_000);
        store.fill();
        schedule.begin(type, List.of(n.name()), duration, store::restore);
        return true;
    }
}
