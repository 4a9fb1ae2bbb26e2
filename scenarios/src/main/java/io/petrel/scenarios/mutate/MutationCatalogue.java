package io.petrel.scenarios.mutate;

import java.util.List;
import java.util.stream.Stream;

/**
 * The mutations {@code bin/mutate} plants, one at a time, to find what the checker lets through
 * (issue 24). Each is a small semantic change a plausible bug would make: an off-by-one, a bound
 * loosened, a step skipped. Files are relative to broker-core's source root. Compile-time constants
 * are never mutated: other classes inline them, and recompiling one file would not change those.
 */
public final class MutationCatalogue {

    private MutationCatalogue() {
    }

    private static final String STORE = "io/petrel/store/";
    private static final String BROKER = "io/petrel/broker/";
    private static final String CLIENT = "io/petrel/client/";

    public static List<Mutation> all() {
        return Stream.of(storeReadBounds(), storeLogAndRecovery(), broker(), namesrv(), clients(), replication())
                .flatMap(List::stream).toList();
    }

    /** Store: the offsets a read reports at a queue's ends. */
    private static List<Mutation> storeReadBounds() {
        return List.of(
                Mutation.of("store-queue-end-one-short", "store", "a consume queue reports its end one entry early",
                        STORE + "queue/ConsumeQueue.java", "return files.maxOffset() / UNIT;",
                        "return Math.max(0, files.maxOffset() / UNIT - 1);"),
                Mutation.of("store-batch-skips-next", "store", "a pull's next offset skips the entry after its batch",
                        STORE + "MessageReader.java",
                        "result.finish(status, offset + i / ConsumeQueueFormat.CQ_STORE_UNIT_SIZE, min, max);",
                        "result.finish(status, offset + i / ConsumeQueueFormat.CQ_STORE_UNIT_SIZE + 1, min, max);"),
                Mutation.of("store-overflow-moves-past-end", "store", "an offset past the queue's end is moved one past it",
                        STORE + "MessageReader.java", "result.finish(GetMessageStatus.OFFSET_OVERFLOW_BADLY, max, min, max);",
                        "result.finish(GetMessageStatus.OFFSET_OVERFLOW_BADLY, max + 1, min, max);")
                        .under("POWER_LOSS", "BIT_FLIP")
                        .allowed("only a log cut (power loss, bit flip) leaves a consumer past a queue's end, and the one more "
                                + "message it skips sits at a position the group had passed before the cut: the durability "
                                + "table lets an ASYNC_FLUSH power loss lose messages that reuse such positions, whether moved "
                                + "to the end or one past it; killing it needs the stronger promise that reused positions are "
                                + "delivered"),
                Mutation.of("store-too-small-moves-past-min", "store", "an offset below the queue's start is moved one past it",
                        STORE + "MessageReader.java", "result.finish(GetMessageStatus.OFFSET_TOO_SMALL, min, min, max);",
                        "result.finish(GetMessageStatus.OFFSET_TOO_SMALL, min + 1, min, max);"));
    }

    /** Store: dispatch, recovery, retention, checks on read, flush waits. */
    private static List<Mutation> storeLogAndRecovery() {
        return List.of(
                Mutation.of("store-recovery-reuses-queue-offset", "store", "recovery hands out a rebuilt queue's last offset again",
                        STORE + "StoreRecovery.java", "commitLog.queueOffsets().raise(tq, r.consumeQueueOffset() + 1);",
                        "commitLog.queueOffsets().raise(tq, r.consumeQueueOffset());")
                        .equivalent("recovery ends by raising every queue's next offset to the queue's end, which covers "
                                + "the per-record raise this mutant weakens (found by the campaign: it survived)"),
                Mutation.of("store-dispatch-skips-queue-offset", "store", "a replicated record raises its queue's next offset by two",
                        STORE + "Dispatcher.java", "commitLog.queueOffsets().raise(r.topicQueue(), r.consumeQueueOffset() + 1);",
                        "commitLog.queueOffsets().raise(r.topicQueue(), r.consumeQueueOffset() + 2);")
                        .equivalent("only a slave dispatches records it did not put, and a slave never puts: its "
                                + "next-queue-offset table is read only by puts (and checked to be at least its queues' "
                                + "ends, which a larger value keeps)"),
                Mutation.of("store-retention-hours-as-seconds", "store", "fileReservedTime is read as seconds, not hours",
                        STORE + "CleanService.java", "private long reservedUnitMs = 3_600_000L;",
                        "private long reservedUnitMs = 3_600L;"),
                Mutation.of("store-recovery-decay-anywhere", "store", "recovery skips a bad record as decay wherever the log resumes",
                        STORE + "StoreRecovery.java", "return next >= 0 && next <= durable;", "return next >= 0;")
                        .withSeeds("fuzz2-751535"),
                Mutation.of("store-no-end-of-file-blank", "store", "a record may take a file's last 8 bytes, leaving no room for the blank",
                        STORE + "commitlog/CommitLog.java",
                        "size + MessageFormat.END_FILE_MIN_BLANK_LENGTH <= last.fileSize() - last.wrotePosition()",
                        "size <= last.fileSize() - last.wrotePosition()")
                        // A record must land within 8 bytes of a 1 MiB file's end: a few of a thousand rolls, and
                        // short plans roll about once in 15. In fuzz2-10063 (long) the first such record fills
                        // file 0 exactly, which only commit-log-layout sees; a shorter gap fails the blank's write.
                        .withSeeds("fuzz2-10063")
                        .under("CRASH", "POWER_LOSS"),
                Mutation.of("store-queue-files-deleted-early", "store",
                        "consume-queue files are deleted while their messages are in the log",
                        STORE + "queue/ConsumeQueue.java",
                        "if (lastEnd > commitLogMinOffset || !first.destroy(nowNanos, forciblyAfterNanos)) {",
                        "if (lastEnd > commitLogMinOffset + (8L << 20) || !first.destroy(nowNanos, forciblyAfterNanos)) {"),
                Mutation.of("store-read-ignores-queue-offset-field", "store",
                        "a read serves a record whose queue offset is not its entry's",
                        STORE + "MessageReader.java",
                        "if (claimedQueueId == queueId && claimedQueueOffset == queueOffset && topicMatches) {",
                        "if (claimedQueueId == queueId && topicMatches) {")
                        .withSeeds("fuzz4-9026", "fuzz2-702980")
                        .under("BIT_FLIP"),
                Mutation.of("store-sync-flush-acks-a-page-early", "store",
                        "SYNC_FLUSH acknowledges puts ending up to 4 KiB past the forced offset",
                        STORE + "CommitLogFlushService.java",
                        "while (!waiters.isEmpty() && waiters.peekFirst().endOffset() <= durableOffset) {",
                        "while (!waiters.isEmpty() && waiters.peekFirst().endOffset() <= durableOffset + 4096) {")
                        .withSeeds("fuzz2-9041").under("POWER_LOSS"));
    }

    /** Broker: send checks, retry and DLQ, delay levels, offsets, locks, registration. */
    private static List<Mutation> broker() {
        return List.of(
                Mutation.of("broker-send-back-dlq-early", "broker", "CONSUMER_SEND_MSG_BACK dead-letters one retry early",
                        BROKER + "processor/ConsumerSendMsgBackProcessor.java", "if (reconsumed >= max || h.delayLevel() < 0) {",
                        "if (reconsumed >= max - 1 || h.delayLevel() < 0) {"),
                Mutation.of("broker-retry-send-dlq-late", "broker", "a copy sent to %RETRY% is dead-lettered one retry late",
                        BROKER + "processor/SendMessageProcessor.java", "if (reconsumeTimes >= max) {", "if (reconsumeTimes > max) {"),
                Mutation.of("broker-locks-always-expired", "broker", "orderly locks count as expired at once",
                        BROKER + "rebalance/RebalanceLockManager.java",
                        "return alwaysExpired || nowNanos - entry.lastUpdateNanos() > maxLiveNanos;", "return true;"),
                Mutation.of("broker-delay-a-second-early", "broker", "a delayed message is delivered a second early",
                        BROKER + "schedule/LevelDeliverer.java", "if (now < deadline) {", "if (now < deadline - 1_000) {"),
                Mutation.of("broker-delay-skips-next", "broker", "a delay level's progress skips the entry after a delivered one",
                        BROKER + "schedule/LevelDeliverer.java",
                        "table.record(level, offset + 1, result.appendMessageResult().wroteEnd());",
                        "table.record(level, offset + 2, result.appendMessageResult().wroteEnd());"),
                Mutation.of("broker-offset-commit-plus-one", "broker", "a committed consumer offset is stored one higher",
                        BROKER + "offset/ConsumerOffsetManager.java",
                        "table.computeIfAbsent(key(topic, group), k -> new TreeMap<>()).put(queueId, offset);",
                        "table.computeIfAbsent(key(topic, group), k -> new TreeMap<>()).put(queueId, offset + 1);"),
                Mutation.of("broker-registers-once", "broker", "a broker registers with the NameServers only at start and on topic changes",
                        BROKER + "registration/NamesrvRegistrar.java", "registerAll();\n                schedulePeriodic();",
                        "schedulePeriodic();"));
    }

    /** NameServer: route building, expiry. */
    private static List<Mutation> namesrv() {
        return List.of(
                Mutation.of("namesrv-route-one-read-queue-short", "namesrv", "routes list one read queue fewer than the broker has",
                        "io/petrel/namesrv/RouteInfoManager.java",
                        "new QueueData(brokerName, topic.readQueueNums(), topic.writeQueueNums(), topic.perm(), topic.topicSysFlag())",
                        "new QueueData(brokerName, Math.max(1, topic.readQueueNums() - 1),"
                                + " topic.writeQueueNums(), topic.perm(), topic.topicSysFlag())"),
                Mutation.of("namesrv-expiry-in-micros", "namesrv", "brokers expire after brokerExpiredMillis microseconds",
                        "io/petrel/namesrv/RouteInfoManager.java", "if (nowNanos - live.lastUpdateNanos > expiredMs * 1_000_000L) {",
                        "if (nowNanos - live.lastUpdateNanos > expiredMs * 1_000L) {"));
    }

    /** Clients: rebalance, offset commits, orderly locking, retries. */
    private static List<Mutation> clients() {
        return List.of(
                Mutation.of("client-allocate-skips-first", "client", "each member leaves its first allocated queue to nobody",
                        CLIENT + "AllocateMessageQueueAveragely.java", "for (int i = 0; i < range; i++) {",
                        "for (int i = 1; i < range; i++) {"),
                Mutation.of("client-commit-past-in-flight", "client", "a concurrent consumer commits past messages still being consumed",
                        CLIENT + "ProcessQueue.java", "return messages.isEmpty() ? queueOffsetMax + 1 : messages.firstKey();",
                        "return queueOffsetMax + 1;"),
                Mutation.of("client-orderly-commit-skips-next", "client", "an orderly batch commits one past its end",
                        CLIENT + "ProcessQueue.java", "long next = consumingOrderly.isEmpty() ? -1 : consumingOrderly.lastKey() + 1;",
                        "long next = consumingOrderly.isEmpty() ? -1 : consumingOrderly.lastKey() + 2;"),
                Mutation.of("client-orderly-lock-never-expires", "client", "a consumer trusts its orderly lock for ever",
                        CLIENT + "ProcessQueue.java", "return nowNanos - lastLockNanos > lockMaxLiveMs * 1_000_000L;", "return false;")
                        // Only a member frozen past the broker's lock and channel expiry (a long v3 plan) shows it.
                        .withSeeds("fuzz3-10717", "fuzz3-11468"),
                Mutation.of("client-orderly-consumes-unlocked", "client", "an orderly consumer consumes without a live lock",
                        CLIENT + "ConsumeOrderlyService.java",
                        "if (clustering && (!pq.isLocked() || pq.isLockExpired(push.nowNanos(), LOCK_MAX_LIVE_MS))) {",
                        "if (false) {")
                        // A member takes a queue only once it locked it, so only a lock lost later shows it (as above).
                        .withSeeds("fuzz3-10717", "fuzz3-11468"),
                Mutation.of("client-offsets-may-go-back", "client", "a consumer's remote offset store takes lower offsets",
                        CLIENT + "RemoteBrokerOffsetStore.java", "if (old == null || !increaseOnly || offset > old) {", "if (true) {")
                        .allowed("without faults a consumer never offers a lower offset (a queue's lowest unconsumed "
                                + "message only moves up, and pull answers name no offset below the request), so only runs "
                                + "with faults reach it (a message consumed again locally after both ways back failed): "
                                + "the group gets duplicates, which at-least-once allows, and a commit going back under "
                                + "faults is only counted, since a delayed pull can carry an older commit past a newer one"),
                Mutation.of("client-failed-send-back-dropped", "client", "a rejected message neither sent back nor retried is committed",
                        CLIENT + "ConsumeConcurrentlyService.java", "keep.add(m);", "m.getMsgId();"),
                Mutation.of("client-lite-commit-plus-one", "client", "a lite pull consumer commits one past what it consumed",
                        CLIENT + "LitePullConsumer.java", "offsets.updateOffset(q.mq, q.consumedOffset, false);",
                        "offsets.updateOffset(q.mq, q.consumedOffset + 1, false);"),
                Mutation.of("client-broadcast-offset-plus-one", "client", "a broadcasting consumer stores its offsets one higher",
                        CLIENT + "LocalFileOffsetStore.java", "table.put(mq, offset);", "table.put(mq, offset + 1);"));
    }

    /** Replication: when a slave counts as caught up, where a master's stream starts. */
    private static List<Mutation> replication() {
        return List.of(
                Mutation.of("ha-sync-ack-a-byte-early", "ha", "a SYNC_MASTER counts a slave one byte short as caught up",
                        "io/petrel/ha/HaMasterConnection.java", "return isStreaming() && start <= wroteOffset && acked >= endOffset;",
                        "return isStreaming() && start <= wroteOffset && acked >= endOffset - 1;"),
                Mutation.of("ha-stream-starts-a-byte-late", "ha", "a master streams from one byte past what its slave reported",
                        "io/petrel/ha/HaMasterConnection.java",
                        "start = offset == 0 ? store.replication().lastFileStart() : Math.max(offset, kept);",
                        "start = offset == 0 ? store.replication().lastFileStart() : Math.max(offset, kept) + 1;"));
    }
}
