package io.petrel.scenarios.fuzz;

import io.petrel.common.MessageQueue;
import io.petrel.sim.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Who owns which queues of a clustering group right now, and whether that is settled. */
final class Ownership {

    private Ownership() {
    }

    /**
     * Settled: the group's running members own every queue of its topics exactly once, each a
     * floor or ceiling share (allocate-averagely's spread).
     */
    static boolean settled(FuzzWorld world, FuzzPlan.GroupPlan g) {
        List<MessageQueue> all = new ArrayList<>();
        g.topics().forEach(t -> all.addAll(world.queues(t)));
        List<FuzzConsumerApp> up = new ArrayList<>();
        for (SimNode m : world.members.get(g.group())) {
            FuzzConsumerApp app = world.app(m);
            if (app != null) {
                up.add(app);
            }
        }
        if (up.isEmpty()) {
            return false;
        }
        List<MessageQueue> owned = new ArrayList<>();
        int perTopicMembers = up.size();
        for (FuzzConsumerApp app : up) {
            List<MessageQueue> mine = app.owned().stream().filter(q -> g.topics().contains(q.topic())).toList();
            for (String t : g.topics()) {
                long count = mine.stream().filter(q -> q.topic().equals(t)).count();
                int total = world.queues(t).size();
                if (count < total / perTopicMembers || count > (total + perTopicMembers - 1) / perTopicMembers) {
                    return false;
                }
            }
            owned.addAll(mine);
        }
        return owned.size() == all.size() && new TreeSet<>(owned).equals(new TreeSet<>(all));
    }

    static String describe(FuzzWorld world, FuzzPlan.GroupPlan g) {
        Map<String, Object> owners = new TreeMap<>();
        for (SimNode m : world.members.get(g.group())) {
            FuzzConsumerApp app = world.app(m);
            owners.put(m.name(), app == null ? m.state() : app.owned().size() + " queues");
        }
        return g.group() + " " + owners;
    }
}
