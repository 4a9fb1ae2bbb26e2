package io.petrel.client;

import java.util.List;
import java.util.TreeSet;

/** Property names RocketMQ reserves for itself; user properties may not use them. */
final class ReservedProperties {

    private static final TreeSet<String> NAMES = new TreeSet<>(List.of("TRACE_ON", "MAX_OFFSET", "MIN_OFFSET",
            "UNIQ_KEY", "WAIT", "KEYS", "TAGS", "DELAY", "RETRY_TOPIC", "REAL_TOPIC", "REAL_QID", "TRAN_MSG", "PGROUP",
            "ORIGIN_MESSAGE_ID", "TRANSFER_FLAG", "CORRECTION_FLAG", "MQ2_FLAG", "RECONSUME_TIME", "MSG_REGION",
            "TRAN_PREPARED_QUEUE_OFFSET", "TRANSACTION_CHECK_TIMES", "CHECK_IMMUNITY_TIME_IN_SECONDS",
            "MAX_RECONSUME_TIMES", "CONSUME_START_TIME", "INSTANCE_ID", "CORRELATION_ID", "REPLY_TO_CLIENT", "TTL",
            "ARRIVE_TIME", "PUSH_REPLY_TIME", "CLUSTER", "MSG_TYPE", "BUYER_ID"));

    private ReservedProperties() {
    }

    static boolean isReserved(String name) {
        return NAMES.contains(name);
    }
}
