package io.petrel.scenarios.fuzz;

import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.Delivery;
import io.petrel.scenarios.history.GroupSpec;
import io.petrel.scenarios.history.History;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the groups made progress: how many messages each group (each member, for broadcasting)
 * has consumed for the first time, counted as deliveries are recorded. Redelivering what was consumed
 * before is not progress, so a consumer stuck in a redelivery loop does not count as live.
 */
final class ConsumedSoFar {

    private final History history;
    private final Set<String> firsts = new HashSet<>();
    private int seen;

    ConsumedSoFar(History history) {
        this.history = history;
    }

    /** Whether some group consumed a message for the first time since the last call. */
    boolean grew() {
        List<Delivery> all = history.deliveries();
        int before = firsts.size();
        for (; seen < all.size(); seen++) {
            Delivery d = all.get(seen);
            if (d.consumed() && d.id() != null) {
                GroupSpec group = history.groups().get(d.group());
                boolean perMember = group != null && group.kind() == ConsumerKind.BROADCASTING;
                firsts.add(d.group() + "|" + (perMember ? d.consumer() : "") + "|" + d.id());
            }
        }
        return firsts.size() > before;
    }
}
