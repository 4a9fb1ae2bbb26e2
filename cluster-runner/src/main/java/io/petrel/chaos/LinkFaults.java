package io.petrel.chaos;

import io.petrel.env.RandomSource;
import io.petrel.scenarios.fuzz.FaultSchedule;
import io.petrel.scenarios.fuzz.FaultType;
import java.util.ArrayList;
import java.util.List;

/**
 * The network faults of a chaos run, on its {@link Links}, as the simulator draws them: a
 * partition between two nodes that drops everything ({@code PARTITION_BLACKHOLE}) or resets and
 * refuses ({@code PARTITION_RESET}), one node cut off from all others ({@code ISOLATE_ONE}), and the
 * nodes split into two random halves ({@code HALVES}), the last two as a blackhole or a reset at
 * random. Each lasts 2–25 s and is healed by putting its links back to PASS (except those another
 * cut still in progress covers). A node here is a
 * server or the run's clients as one ({@value Links#CLIENTS}). Draws come from the run's own
 * stream, so a seed repeats its schedule.
 */
final class LinkFaults {

    static final List<FaultType> TYPES = List.of(FaultType.PARTITION_BLACKHOLE, FaultType.PARTITION_RESET,
            FaultType.ISOLATE_ONE, FaultType.HALVES);

    private record Cut(List<String> sideA, List<String> sideB, LinkProxy.Mode mode) {
    }

    private final Links links;
    private final List<Cut> active = new ArrayList<>();
    private final FaultSchedule schedule;
    private final RandomSource random;

    LinkFaults(Links links, FaultSchedule schedule, RandomSource random) {
        this.links = links;
        this.schedule = schedule;
        this.random = random;
    }

    /** Injects {@code type}; false when no link would be cut. */
    boolean inject(FaultType type) {
        List<String> nodes = links.nodes();
        if (nodes.size() < 2) {
            return false;
        }
        long duration = 2_000 + (long) (random.nextDouble() * 23_000);
        String a = nodes.get(random.nextInt(nodes.size()));
        List<String> others = new ArrayList<>(nodes);
        others.remove(a);
        return switch (type) {
            case PARTITION_BLACKHOLE -> cut(type, List.of(a), List.of(pick(others)), LinkProxy.Mode.BLACKHOLE, duration);
            case PARTITION_RESET -> cut(type, List.of(a), List.of(pick(others)), LinkProxy.Mode.RESET, duration);
            case ISOLATE_ONE -> cut(type, List.of(a), others, mode(), duration);
            case HALVES -> halves(nodes, duration);
            default -> throw new IllegalArgumentException(type + " is not a network fault chaos injects");
        };
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private LinkProxy.Mode mode() {
        return random.nextBoolean() ? LinkProxy.Mode.BLACKHOLE : LinkProxy.Mode.RESET;
    }

    private boolean halves(List<String> nodes, long duration) {
        List<String> shuffled = new ArrayList<>(nodes);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        int cut = 1 + random.nextInt(shuffled.size() - 1);
        return cut(FaultType.HALVES, List.copyOf(shuffled.subList(0, cut)), List.copyOf(shuffled.subList(cut, shuffled.size())),
                mode(), duration);
    }

    private boolean cut(FaultType type, List<String> sideA, List<String> sideB, LinkProxy.Mode mode, long duration) {
        Cut c = new Cut(sideA, sideB, mode);
        if (links.set(sideA, sideB, mode) == 0) {
            return false;
        }
        active.add(c);
        List<String> names = new ArrayList<>(sideA);
        names.addAll(sideB);
        schedule.begin(type, names, duration, () -> heal(c));
        return true;
    }

    /** Ends one cut; links that another cut still in progress covers stay cut. */
    private void heal(Cut c) {
        active.remove(c);
        links.set(c.sideA(), c.sideB(), LinkProxy.Mode.PASS);
        active.forEach(other -> links.set(other.sideA(), other.sideB(), other.mode()));
    }
}
