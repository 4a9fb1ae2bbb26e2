package io.petrel.broker.schedule;

import io.petrel.common.TopicValidator;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.StoredMessage;
import io.petrel.store.commitlog.BrokerMessage;
import java.util.LinkedHashMap;

/**
 * Turns a due SCHEDULE_TOPIC_XXXX message back into the message its producer (or a send-back)
 * meant (RocketMQ's {@code messageTimeup}, docs/protocol.md §6.7): the real topic and queue from
 * REAL_TOPIC and REAL_QID, DELAY removed so the store does not delay it again, REAL_* left in
 * place, WAIT false, and body, flag, sysFlag, born time and host and reconsume times unchanged.
 * Stateless.
 */
final class TimeUpMessage {

    private TimeUpMessage() {
    }

    /** The message to store, or null (with {@code why} filled) when the stored one cannot be delivered. */
    static BrokerMessage of(StoredMessage stored, StringBuilder why) {
        LinkedHashMap<String, String> properties = stored.properties();
        String realTopic = properties.get(MessageConst.PROPERTY_REAL_TOPIC);
        String realQueue = properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID);
        if (realTopic == null || realQueue == null) {
            why.append("it has no REAL_TOPIC/REAL_QID");
            return null;
        }
        if (TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC.equals(realTopic)) {
            why.append("its real topic is the transaction half topic");
            return null;
        }
        int queueId;
        try {
            queueId = Integer.parseInt(realQueue);
        } catch (NumberFormatException e) {
            why.append("REAL_QID '").append(realQueue).append("' is not a number");
            return null;
        }
        properties.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        properties.put(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, "false");
        return new BrokerMessage(realTopic, queueId, stored.flag(), stored.body(), properties, stored.bornTimestamp(),
                stored.bornHost(), stored.sysFlag(), stored.reconsumeTimes(), stored.preparedTransactionOffset());
    }
}
