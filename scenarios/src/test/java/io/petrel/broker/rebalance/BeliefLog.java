package io.petrel.broker.rebalance;

import io.petrel.common.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Every ownership belief of the locking clients, and the check that no two of them overlap. */
final class BeliefLog implements LockingClient.Beliefs {

    private final List<LockingClient.Belief> beliefs = new ArrayList<>();

    @Override
    public void add(LockingClient.Belief belief) {
        beliefs.add(belief);
    }

    @Override
    public void endAll(String clientId, long nanos) {
        for (int i = 0; i < beliefs.size(); i++) {
            LockingClient.Belief b = beliefs.get(i);
            if (b.clientId().equals(clientId) && b.untilNanos() > nanos) {
                beliefs.set(i, new LockingClient.Belief(b.clientId(), b.mq(), b.fromNanos(), Math.max(b.fromNanos(), nanos)));
            }
        }
    }

    /** Pairs of beliefs of different clients in the same queue whose intervals intersect. */
    List<String> overlaps() {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < beliefs.size(); i++) {
            for (int j = i + 1; j < beliefs.size(); j++) {
                LockingClient.Belief a = beliefs.get(i);
                LockingClient.Belief b = beliefs.get(j);
                if (a.mq().equals(b.mq()) && !a.clientId().equals(b.clientId())
                        && a.fromNanos() < b.untilNanos() && b.fromNanos() < a.untilNanos()) {
                    found.add(a + " overlaps " + b);
                }
            }
        }
        return found;
    }

    /** Clients believing they own {@code mq} at {@code nanos}. */
    Set<String> ownersAt(MessageQueue mq, long nanos) {
        Set<String> owners = new TreeSet<>();
        for (LockingClient.Belief b : beliefs) {
            if (b.mq().equals(mq) && b.fromNanos() <= nanos && nanos < b.untilNanos()) {
                owners.add(b.clientId());
            }
        }
        return owners;
    }
}
