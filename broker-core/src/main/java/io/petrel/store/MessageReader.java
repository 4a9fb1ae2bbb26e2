package io.petrel.store;

import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageFormatException;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.NodeLog;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.file.SelectMappedBufferResult;
import io.petrel.store.format.ConsumeQueueFormat.Entry;
import io.petrel.store.format.ConsumeQueueFormat;
import io.petrel.store.index.IndexService;
import io.petrel.store.queue.ConsumeQueue;
import io.petrel.store.queue.ConsumeQueueTable;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The read side (RocketMQ's {@code DefaultMessageStore.getMessage} and friends): pulls by queue offset
 * with the statuses of docs/protocol.md §6.1, offsets by time, messages by commit-log offset and by
 * key. Every record is checked before it is returned (size, magic, the offset it claims, body CRC): a
 * damaged one is skipped, counted and reported, never served; a batch ends before a record it cannot
 * serve (damaged, a filler standing for a record this log lost, or one its own retention removed)
 * that follows served ones, and one that starts with such entries names the first ({@link
 * GetMessageResult#missingQueueOffset}), so that a slave can send the consumer to its master, whose
 * copy and retention are independent.
 *
 * <p>Driven by its node's loop only; holds no state a crash could lose.
 */
final class MessageReader {

    private final StoreConfig config;
    private final StoreContext context;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final boolean verifyCrc;
    private final NodeLog log;
    private long damagedReads;
    private boolean outsideOffsetsReportDamage;

    /** {@code verifyCrc} false is {@link io.petrel.common.Sabotage#SKIP_CRC_CHECK_IN_RECOVERY}, tests only. */
    MessageReader(StoreConfig config, StoreContext context, CommitLog commitLog, ConsumeQueueTable consumeQueues,
            IndexService index, boolean verifyCrc, NodeLog log) {
        this.config = config;
        this.context = context;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.verifyCrc = verifyCrc;
        this.log = log;
    }

    /** Tests only: {@link io.petrel.common.Sabotage#OUTSIDE_OFFSET_READ_REPORTED_AS_DAMAGE}. */
    void sabotageOutsideOffsetsReportDamage() {
        outsideOffsetsReportDamage = true;
    }

    long damagedReads() {
        return damagedReads;
    }

    GetMessageResult getMessage(String topic, int queueId, long offset, int maxMsgNums, LongPredicate tagsCodeFilter) {
        GetMessageResult result = new GetMessageResult();
        ConsumeQueue q = consumeQueues.find(topic, queueId);
        if (q == null) {
            result.finish(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
            return result;
        }
        long min = q.minOffsetInQueue();
        long max = q.maxOffsetInQueue();
        if (max == 0) {
            result.finish(GetMessageStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        } else if (offset < min) {
            result.finish(GetMessageStatus.OFFSET_TOO_SMALL, min, min, max);
        } else if (offset == max || offset > max && offset <= commitLog.nextQueueOffset(new TopicQueue(topic, queueId))) {
            // Past the visible end but not past what the log holds: records appended and not shown
            // yet (a gated store waits for a force or a slave's ack). A consumer that read them
            // from a slave, which shows them at once, is ahead, not wrong: it waits here, as at the
            // end; moving it back made it drop what it had pulled and not consumed (fuzz2-791635).
            result.finish(GetMessageStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        } else if (offset > max) {
            result.finish(GetMessageStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        } else {
            readEntries(q, offset, maxMsgNums, tagsCodeFilter, result, min, max);
        }
        return result;
    }

    private void readEntries(ConsumeQueue q, long offset, int maxMsgNums, LongPredicate filter, GetMessageResult result,
            long min, long max) {
        SelectMappedBufferResult entries = q.getIndexBuffer(offset);
        if (entries == null) {
            result.finish(GetMessageStatus.OFFSET_FOUND_NULL, q.rollNextFile(offset), min, max);
            return;
        }
        GetMessageStatus status = GetMessageStatus.NO_MATCHED_MESSAGE;
        long maxPhysic = commitLog.maxOffset();
        long memoryBytes = config.accessMessageInMemoryMaxBytes(context.totalPhysicalMemoryBytes());
        int maxScanBytes = Math.max(16000, maxMsgNums * ConsumeQueueFormat.CQ_STORE_UNIT_SIZE);
        ByteBuffer b = entries.byteBuffer();
        int i = 0;
        long lastPhysic = 0;
        try {
            int unit = ConsumeQueueFormat.CQ_STORE_UNIT_SIZE;
            for (; i + unit <= b.remaining() && i < maxScanBytes; i += unit) {
                Entry e = ConsumeQueueFormat.read(b, b.position() + i);
                if (!e.isWritten()) {
                    continue;
                }
                if (e.isFiller()) {
                    // A record this log lacks (lost to damage or a cut): like a damaged one.
                    if (result.messageCount() > 0) {
                        break;
                    }
                    if (result.missingQueueOffset() < 0) {
                        result.setMissingQueueOffset(offset + i / ConsumeQueueFormat.CQ_STORE_UNIT_SIZE);
                    }
                    continue;
                }
                lastPhysic = e.commitLogOffset();
                boolean inDisk = maxPhysic - e.commitLogOffset() > memoryBytes;
                if (isTheBatchFull(e.size(), maxMsgNums, result.bufferTotalSize(), result.messageCount(), inDisk)) {
                    break;
                }
                if (filter != null && !filter.test(e.tagsCode())) {
                    continue;
                }
                long queueOffset = offset + i / ConsumeQueueFormat.CQ_STORE_UNIT_SIZE;
                SelectMappedBufferResult record = readVerified(e.commitLogOffset(), e.size(), q, queueOffset);
                if (record == null) {
                    // Damaged, or gone from this log (its retention removed the file, the consume
                    // queue not yet trimmed): a batch ends before it; one it starts names it.
                    if (result.messageCount() > 0) {
                        break;
                    }
                    if (result.missingQueueOffset() < 0) {
                        result.setMissingQueueOffset(queueOffset);
                    }
                    status = GetMessageStatus.MESSAGE_WAS_REMOVING;
                    continue;
                }
                result.add(record, queueOffset);
                status = GetMessageStatus.FOUND;
            }
        } finally {
            entries.release();
        }
        result.setSuggestPullingFromSlave(maxPhysic - lastPhysic > memoryBytes);
        result.finish(status, offset + i / ConsumeQueueFormat.CQ_STORE_UNIT_SIZE, min, max);
    }

    private boolean isTheBatchFull(int size, int maxMsgNums, int bufferTotal, int messageTotal, boolean inDisk) {
        if (bufferTotal == 0 || messageTotal == 0) {
            return false;
        }
        if (messageTotal >= maxMsgNums) {
            return true;
        }
        if (inDisk) {
            return bufferTotal + size > config.maxTransferBytesOnMessageInDisk()
                    || messageTotal > config.maxTransferCountOnMessageInDisk() - 1;
        }
        return bufferTotal + size > config.maxTransferBytesOnMessageInMemory()
                || messageTotal > config.maxTransferCountOnMessageInMemory() - 1;
    }

    /**
     * The record a consume-queue entry points at, if it is intact, {@code size} long and claims the
     * entry's topic, queue id and queue offset; null (and counted as damaged) otherwise. No CRC covers
     * these fields, so a flipped bit there passes {@link #readVerified(long, int)}; served, it hands the
     * consumer a made-up queue offset to commit (fuzz2-702980: a bit 37 flipped in a slave's copy, the
     * consumer committed 2^37 + 71), or a message of a topic it never subscribed to (fuzz3-800673:
     * FuzzTopic read back as Fuz{Topic). Recovery leaves such a record out of its queue; reads do likewise.
     */
    SelectMappedBufferResult readVerified(long offset, int size, ConsumeQueue q, long queueOffset) {
        SelectMappedBufferResult r = readVerified(offset, size);
        if (r == null) {
            return null;
        }
        ByteBuffer b = r.byteBuffer();
        int claimedQueueId = b.getInt(b.position() + MessageFormat.QUEUE_ID_POSITION);
        long claimedQueueOffset = b.getLong(b.position() + MessageFormat.QUEUE_OFFSET_POSITION);
        int queueId = q.queueId();
        boolean topicMatches = q.isTopicOf(b, b.position());
        if (claimedQueueId == queueId && claimedQueueOffset == queueOffset && topicMatches) {
            return r;
        }
        r.release();
        damagedReads++;
        log.probe("store-record-queue-fields-damaged");
        log.error("commit-log record at offset {} ({} bytes) is damaged: it claims {}queue {} offset {} but its "
                + "consume-queue entry is {} queue {} offset {}; not served", offset, size,
                topicMatches ? "" : "another topic, ", claimedQueueId, claimedQueueOffset,
                q.topic(), queueId, queueOffset);
        return null;
    }

    /** The record at {@code offset} if it is intact and {@code size} long; null (and counted) otherwise. */
    SelectMappedBufferResult readVerified(long offset, int size) {
        SelectMappedBufferResult r = commitLog.getMessage(offset, size);
        if (r == null) {
            return null;
        }
        // SABOTAGE (tests only): verifyCrc is false only under SKIP_CRC_CHECK_IN_RECOVERY.
        MessageFormat.RecordCheck check = MessageFormat.check(r.byteBuffer(), r.byteBuffer().position(), size, verifyCrc,
                offset);
        if (check.kind() == MessageFormat.RecordCheck.Kind.MESSAGE && check.size() == size) {
            return r;
        }
        r.release();
        damagedReads++;
        if (check.isCrcMismatch()) {
            log.probe("store-crc-mismatch");
        }
        log.error("commit-log record at offset {} ({} bytes) is damaged: {}; not served", offset, size,
                check.kind() == MessageFormat.RecordCheck.Kind.MESSAGE ? "size differs" : check.problem());
        return null;
    }

    /**
     * The whole intact record at {@code offset}, held; null when there is none. The offset comes from
     * outside the store's own bookkeeping (a client's message id, an index entry that may predate a
     * slave's truncation), so bytes that are not a record there mean "no message here", not damage:
     * nothing is logged or counted, unlike a consume-queue entry that points at a bad record.
     */
    SelectMappedBufferResult selectOneMessageByOffset(long offset) {
        SelectMappedBufferResult head = commitLog.getMessage(offset, 4);
        if (head == null) {
            return null;
        }
        int size = head.byteBuffer().getInt(head.byteBuffer().position());
        head.release();
        if (size < MessageFormat.MIN_MESSAGE_LENGTH) {
            return null;
        }
        SelectMappedBufferResult r = commitLog.getMessage(offset, size);
        if (r == null) {
            return null;
        }
        MessageFormat.RecordCheck check = MessageFormat.check(r.byteBuffer(), r.byteBuffer().position(), size, verifyCrc,
                offset);
        if (check.kind() == MessageFormat.RecordCheck.Kind.MESSAGE && check.size() == size) {
            return r;
        }
        r.release();
        // SABOTAGE (tests only): outsideOffsetsReportDamage is true only under OUTSIDE_OFFSET_READ_REPORTED_AS_DAMAGE.
        if (outsideOffsetsReportDamage) {
            damagedReads++;
            log.error("commit-log record at offset {} ({} bytes) is damaged: {}; not served", offset, size, check.problem());
            return null;
        }
        log.debug("no intact record at commit-log offset {}: {}", offset, check.problem());
        return null;
    }

    StoredMessage lookMessageByOffset(long offset) {
        SelectMappedBufferResult r = selectOneMessageByOffset(offset);
        if (r == null) {
            return null;
        }
        try {
            return StoredMessage.decode(r.byteBuffer(), r.byteBuffer().position(), false);
        } catch (MessageFormatException e) {
            return null;
        } finally {
            r.release();
        }
    }

    long getOffsetInQueueByTime(String topic, int queueId, long timestamp) {
        ConsumeQueue q = consumeQueues.find(topic, queueId);
        return q == null ? 0 : new OffsetByTimeSearch(q, commitLog).search(timestamp);
    }

    long getEarliestMessageTime(String topic, int queueId) {
        ConsumeQueue q = consumeQueues.find(topic, queueId);
        if (q == null) {
            return -1;
        }
        for (long o = q.minOffsetInQueue(); o < q.maxOffsetInQueue() && o < q.minOffsetInQueue() + 1024; o++) {
            Entry e = q.entry(o);
            if (e != null && !e.isFiller() && e.isWritten()) {
                return commitLog.pickupStoreTimestamp(e.commitLogOffset(), e.size());
            }
        }
        return -1;
    }

    /** Matching records for {@code topic#key} stored within [begin, end], newest first. */
    QueryMessageResult queryMessage(String topic, String key, int maxNum, long begin, long end) {
        if (index == null) {
            return new QueryMessageResult(0, 0);
        }
        QueryMessageResult result = new QueryMessageResult(index.lastUpdateTimestamp(), index.lastUpdatePhyOffset());
        int limit = Math.min(maxNum, config.maxMsgsNumBatch());
        List<Long> offsets = index.queryOffset(topic, key, limit, begin, end);
        for (long offset : offsets) {
            SelectMappedBufferResult r = selectOneMessageByOffset(offset);
            if (r != null && matches(r, topic, key)) {
                result.add(r);
            } else if (r != null) {
                r.release();
            }
        }
        return result;
    }

    private static boolean matches(SelectMappedBufferResult r, String topic, String key) {
        StoredMessage m = StoredMessage.decode(r.byteBuffer(), r.byteBuffer().position(), false);
        if (!m.topic().equals(topic)) {
            return false;
        }
        Map<String, String> p = m.properties();
        if (key.equals(p.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX))) {
            return true;
        }
        String keys = p.get(MessageConst.PROPERTY_KEYS);
        return keys != null && List.of(keys.split(MessageConst.KEY_SEPARATOR)).contains(key);
    }
}
