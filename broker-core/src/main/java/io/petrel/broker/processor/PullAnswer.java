package io.petrel.broker.processor;

import io.petrel.remoting.ResponseCode;
import io.petrel.store.GetMessageStatus;

/**
 * What a pull is answered with: the response code, the offset the consumer pulls from next, and
 * the broker id it should pull from next ({@code suggestWhichBrokerId}).
 *
 * <p>Which broker a consumer should pull from next ({@link #suggestion}), as RocketMQ 4.9.8 decides:
 * with {@code slaveReadEnable=true}, the group's {@code whichBrokerWhenConsumeSlowly} ({@code
 * updateSubGroup -w}) when the consumer reads further back than {@code accessMessageInMemoryMaxRatio}%
 * of the machine's memory from the log's end, else the group's {@code brokerId} ({@code -i}); with
 * {@code slaveReadEnable=false}, the master. A master answers with the store's result as it is
 * ({@link PullStatusMapping}).
 *
 * <p>A slave answers with RocketMQ 4.9.8's slave semantics (PullMessageProcessor with
 * {@code offsetCheckInSlave=false}, its default):
 * <ul>
 *   <li>It serves what it holds: the store's code, as a master would answer it. With
 *       {@code slaveReadEnable=false} (the default) it suggests the master for the next pull, so a
 *       consumer goes back to the master as soon as the master is in its route again; while the
 *       master is down the route has only the slave and the consumer keeps reading there. (RocketMQ
 *       first sets PULL_RETRY_IMMEDIATELY on a slave without slave reads, then overwrites it with the
 *       store's code; the overwrite is what makes that fail-over work, so Petrel keeps its effect.)
 *       With {@code slaveReadEnable=true} it suggests the group's {@code brokerId}.</li>
 *   <li>Its store never corrects the consumer's offset: wherever a master's store would move the
 *       next offset (to the queue's minimum, maximum, 0, or the next file), a slave keeps the
 *       offset the consumer asked for ({@code DefaultMessageStore.nextOffsetCorrection}). A slave
 *       may be behind its master, so its queue bounds say nothing about the consumer's offset.</li>
 *   <li>It never answers PULL_OFFSET_MOVED, which makes the official client adopt the corrected
 *       offset and commit it; it answers PULL_RETRY_IMMEDIATELY and suggests the master, which can
 *       judge the offset. RocketMQ 4.9.8 suggests the group's {@code brokerId} there: a group that
 *       reads from the slave ({@code updateSubGroup -i 1}) whose offset retention passed is sent
 *       back to the slave for ever and never consumes again (found by the fuzzer, fuzz2-601278).
 *       Petrel's master answers PULL_OFFSET_MOVED, the consumer takes the corrected offset, and the
 *       master's next answer sends it back to the slave.</li>
 *   <li>It never skips a damaged record (media corruption of its own copy): it answers
 *       PULL_RETRY_IMMEDIATELY from the damaged record's offset and suggests the master, whose copy
 *       is independent; a master skips a damaged record, its copy being the only one. RocketMQ 4.9
 *       serves damaged bytes.</li>
 *   <li>It never skips a record its own retention removed (a full disk deletes a slave's files on
 *       its own schedule) while its consume queue still names it: RocketMQ's slave answers
 *       MESSAGE_WAS_REMOVING with the offset moved past the removed entries, and the consumer
 *       skips messages its master still holds (found by the fuzzer, fuzz2-775250: an orderly group
 *       reading from a slave whose disk filled skipped 578 messages). Petrel's slave answers
 *       PULL_RETRY_IMMEDIATELY from the first removed entry and suggests the master.</li>
 * </ul>
 */
record PullAnswer(int code, long nextBeginOffset, long suggestWhichBrokerId) {

    static final long MASTER_ID = 0;

    /** The broker id a pull answer suggests; see the class comment. */
    static long suggestion(boolean slaveReadEnable, boolean consumesSlowly, long groupBrokerId, long whenConsumeSlowly) {
        if (!slaveReadEnable) {
            return MASTER_ID;
        }
        return consumesSlowly ? whenConsumeSlowly : groupBrokerId;
    }

    /** A master's answer: the store's code and next offset, and the suggested broker. */
    static PullAnswer onMaster(GetMessageStatus status, long requestedOffset, long storeNextOffset, long suggest) {
        return new PullAnswer(PullStatusMapping.code(status, requestedOffset), storeNextOffset, suggest);
    }

    /** A slave's answer, as the class comment describes. */
    static PullAnswer onSlave(GetMessageStatus status, long requestedOffset, long storeNextOffset, long suggest,
            long missingQueueOffset) {
        if (missingQueueOffset >= 0) {
            return new PullAnswer(ResponseCode.PULL_RETRY_IMMEDIATELY, missingQueueOffset, MASTER_ID);
        }
        long next = correctsOffset(status) ? requestedOffset : storeNextOffset;
        int code = PullStatusMapping.code(status, requestedOffset);
        if (code == ResponseCode.PULL_OFFSET_MOVED) {
            return new PullAnswer(ResponseCode.PULL_RETRY_IMMEDIATELY, next, MASTER_ID);
        }
        return new PullAnswer(code, next, suggest);
    }

    /**
     * The statuses for which RocketMQ's store corrects the next offset (and so, on a slave, keeps the
     * requested one instead). A found message, a tag mismatch or a record being removed move the
     * offset on because the slave read those entries.
     */
    private static boolean correctsOffset(GetMessageStatus status) {
        return switch (status) {
            case NO_MATCHED_LOGIC_QUEUE, NO_MESSAGE_IN_QUEUE, OFFSET_TOO_SMALL, OFFSET_OVERFLOW_ONE,
                    OFFSET_OVERFLOW_BADLY, OFFSET_FOUND_NULL -> true;
            case FOUND, NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING -> false;
        };
    }
}
