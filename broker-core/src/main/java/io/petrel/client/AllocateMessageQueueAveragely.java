package io.petrel.client;

import io.petrel.common.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * RocketMQ's default allocation: with the queues and the member ids both sorted, member {@code i}
 * gets one contiguous run of queues; the first {@code queues % members} members get one extra.
 * Every member computes the same answer from the same lists, which is what lets Petrel and
 * official consumers share a group.
 */
public final class AllocateMessageQueueAveragely {

    public static final String NAME = "AVG";

    private AllocateMessageQueueAveragely() {
    }

    /**
     * The queues {@code currentCid} owns.
     *
     * @param allQueues sorted; {@code allCids} sorted; an id not in the list owns nothing
     */
    public static List<MessageQueue> allocate(String currentCid, List<MessageQueue> allQueues, List<String> allCids) {
        List<MessageQueue> owned = new ArrayList<>();
        int index = allCids.indexOf(currentCid);
        if (index < 0 || allQueues.isEmpty()) {
            return owned;
        }
        int queues = allQueues.size();
        int members = allCids.size();
        int mod = queues % members;
        int averageSize = queues <= members ? 1 : (mod > 0 && index < mod ? queues / members + 1 : queues / members);
        int startIndex = (mod > 0 && index < mod) ? index * averageSize : index * averageSize + mod;
        int range = Math.min(averageSize, queues - startIndex);
        for (int i = 0; i < range; i++) {
            owned.add(allQueues.get((startIndex + i) % queues));
        }
        return owned;
    }
}
