package io.petrel.broker.transaction;

import io.petrel.common.TopicValidator;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.common.message.StoredMessage;
import io.petrel.store.commitlog.BrokerMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records a transaction writes, built from what the producer sent or what the store holds
 * (docs/protocol.md §6.8): the half message, the committed message, the op record that marks a
 * half message resolved, the copy of one given up after too many checks, and the body of a check.
 * Stateless.
 */
final class HalfMessages {

    /** The op record's tag: the half message at the queue offset in its body is resolved. */
    static final String REMOVE_TAG = "d";

    private HalfMessages() {
    }

    /**
     * The half message to store for a producer's send: RMQ_SYS_TRANS_HALF_TOPIC queue 0, the real
     * topic and queue in REAL_TOPIC / REAL_QID, the transaction type cleared so that it gets an
     * ordinary consume-queue entry there (no consumer subscribes to that topic).
     */
    static BrokerMessage half(BrokerMessage sent) {
        LinkedHashMap<String, String> properties = new LinkedHashMap<>(sent.properties());
        properties.put(MessageConst.PROPERTY_REAL_TOPIC, sent.topic());
        properties.put(MessageConst.PROPERTY_REAL_QUEUE_ID, String.valueOf(sent.queueId()));
        return new BrokerMessage(TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC, 0, sent.flag(), sent.body(), properties,
                sent.bornTimestamp(), sent.bornHost(), withType(sent.sysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE),
                sent.reconsumeTimes(), 0);
    }

    /**
     * The message a commit makes visible: the half message's body, flag, born time and host, keys
     * and tags in its real topic and queue, REAL_TOPIC, REAL_QID and TRAN_MSG removed, the COMMIT
     * type in its sysFlag and the half message's commit-log offset as its prepared-transaction offset.
     * Null (with {@code why} filled) when the half message names no usable real queue.
     */
    static BrokerMessage committed(StoredMessage half, StringBuilder why) {
        LinkedHashMap<String, String> properties = half.properties();
        String topic = properties.remove(MessageConst.PROPERTY_REAL_TOPIC);
        Integer queueId = realQueueId(properties.remove(MessageConst.PROPERTY_REAL_QUEUE_ID), why);
        if (topic == null || queueId == null) {
            why.append(topic == null ? "the half message has no REAL_TOPIC" : "");
            return null;
        }
        properties.remove(MessageConst.PROPERTY_TRANSACTION_PREPARED);
        return new BrokerMessage(topic, queueId, half.flag(), half.body(), properties, half.bornTimestamp(),
                half.bornHost(), withType(half.sysFlag(), MessageSysFlag.TRANSACTION_COMMIT_TYPE), half.reconsumeTimes(),
                half.physicalOffset());
    }

    /** The op record resolving the half message at {@code halfQueueOffset} (body: that offset in decimal). */
    static BrokerMessage op(long halfQueueOffset, HostAddress storeHost, long nowMs) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MessageConst.PROPERTY_TAGS, REMOVE_TAG);
        properties.put(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, "false");
        return BrokerMessage.of(TopicValidator.RMQ_SYS_TRANS_OP_HALF_TOPIC, 0,
                String.valueOf(halfQueueOffset).getBytes(StandardCharsets.UTF_8), properties, nowMs, storeHost);
    }

    /** The queue offset an op record resolves, or -1 when it is not a well-formed remove op. */
    static long resolvedOffset(StoredMessage op) {
        if (!REMOVE_TAG.equals(op.property(MessageConst.PROPERTY_TAGS))) {
            return -1;
        }
        try {
            return Long.parseLong(new String(op.body(), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The copy of a half message given up after too many checks, kept in TRANS_CHECK_MAX_TIME_TOPIC queue 0. */
    static BrokerMessage givenUp(StoredMessage half) {
        return new BrokerMessage(TopicValidator.RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC, 0, half.flag(), half.body(),
                half.properties(), half.bornTimestamp(), half.bornHost(), half.sysFlag(), half.reconsumeTimes(), 0);
    }

    /**
     * CHECK_TRANSACTION_STATE's body: the half message in the stored format with its real topic and
     * queue id in place of the half queue's, as RocketMQ sends it. Null when REAL_TOPIC is missing.
     */
    static ByteBuffer checkBody(StoredMessage half) {
        String topic = half.property(MessageConst.PROPERTY_REAL_TOPIC);
        Integer queueId = realQueueId(half.property(MessageConst.PROPERTY_REAL_QUEUE_ID), new StringBuilder());
        if (topic == null || queueId == null) {
            return null;
        }
        return new StoredMessage(0, half.bodyCrc(), queueId, half.flag(), half.queueOffset(), half.physicalOffset(),
                half.sysFlag(), half.bornTimestamp(), half.bornHost(), half.storeTimestamp(), half.storeHost(),
                half.reconsumeTimes(), half.preparedTransactionOffset(), half.body(), topic, half.propertiesString())
                .encode();
    }

    private static Integer realQueueId(String value, StringBuilder why) {
        if (value == null) {
            why.append("the half message has no REAL_QID");
            return null;
        }
        try {
            int id = Integer.parseInt(value);
            if (id < 0) {
                why.append("REAL_QID ").append(id).append(" is negative");
                return null;
            }
            return id;
        } catch (NumberFormatException e) {
            why.append("REAL_QID '").append(value).append("' is not a number");
            return null;
        }
    }

    private static int withType(int sysFlag, int type) {
        return (sysFlag & ~MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) | type;
    }
}
