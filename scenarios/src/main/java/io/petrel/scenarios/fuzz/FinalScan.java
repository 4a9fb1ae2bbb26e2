package io.petrel.scenarios.fuzz;

import io.petrel.broker.Broker;
import io.petrel.common.MixAll;
import io.petrel.scenarios.history.Bodies;
import io.petrel.scenarios.history.History;
import io.petrel.sim.SimNode;
import io.petrel.store.MessageStore;
import io.petrel.store.format.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Reads the brokers' stores once the run is over: which messages each group's dead-letter queue
 * holds, and when each delayed message was first stored (its copy in the schedule topic), for the
 * checker.
 */
final class FinalScan {

    private static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    private static final int DELAY_LEVELS = 18;

    private FinalScan() {
    }

    static void run(FuzzWorld world, History history) {
        for (SimNode node : world.brokers()) {
            Broker broker = world.broker(node);
            if (broker == null) {
                continue;
            }
            MessageStore store = broker.store();
            for (FuzzPlan.GroupPlan g : world.plan.groups()) {
                scan(store, MixAll.dlqTopic(g.group()), 0, (m, id) -> history.deadLetter(g.group(), id));
            }
            for (int level = 1; level <= DELAY_LEVELS; level++) {
                scan(store, SCHEDULE_TOPIC, level - 1, (m, id) -> history.scheduled(id, m.storeTimestamp()));
            }
        }
    }

    private static void scan(MessageStore store, String topic, int queueId, BiConsumer<StoredMessage, String> each) {
        long max = store.getMaxOffsetInQueue(topic, queueId);
        for (long offset = store.getMinOffsetInQueue(topic, queueId); offset < max; offset++) {
            long physical = store.getCommitLogOffsetInQueue(topic, queueId, offset);
            StoredMessage m = physical < 0 ? null : store.lookMessageByOffset(physical);
            String id = m == null ? null : Bodies.id(new String(m.body(), StandardCharsets.UTF_8));
            if (id != null) {
                each.accept(m, id);
            }
        }
    }
}
