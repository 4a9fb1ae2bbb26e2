package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.TopicValidator;
import io.petrel.common.message.MessageId;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.DiskFile;
import io.petrel.sim.CrashKind;
import io.petrel.store.commitlog.BrokerMessage;
import io.petrel.store.format.ConsumeQueueFormat;
import io.petrel.store.format.FileNames;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read API with RocketMQ's statuses, offsets by time, lookups by offset and key, batches, delays, the listener. */
class StoreReadApiTest {

    @Test
    void pullStatusesFollowRocketMq() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 1, 10, 100);
            MessageStore s = h.store();
            GetMessageResult found = s.getMessage("g", "Orders", 0, 3, 4, null);
            assertThat(found.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(found.messageCount()).isEqualTo(4);
            assertThat(found.queueOffsets()).containsExactly(3L, 4L, 5L, 6L);
            assertThat(found.nextBeginOffset()).isEqualTo(7);
            assertThat(found.minOffset()).isZero();
            assertThat(found.maxOffset()).isEqualTo(10);
            found.release();
            assertThat(s.getMessage("g", "Orders", 0, 10, 4, null).status()).isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_ONE);
            GetMessageResult badly = s.getMessage("g", "Orders", 0, 15, 4, null);
            assertThat(badly.status()).isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_BADLY);
            assertThat(badly.nextBeginOffset()).isEqualTo(10);
            assertThat(s.getMessage("g", "Nope", 0, 0, 4, null).status()).isEqualTo(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE);
            GetMessageResult filtered = s.getMessage("g", "Orders", 0, 0, 4, code -> code == "TagB".hashCode());
            assertThat(filtered.status()).isEqualTo(GetMessageStatus.NO_MATCHED_MESSAGE);
            assertThat(filtered.nextBeginOffset()).isEqualTo(10);
            GetMessageResult matched = s.getMessage("g", "Orders", 0, 0, 32, code -> code == MessageProperties.tagsCode("TagA"));
            assertThat(matched.messageCount()).isEqualTo(10);
            matched.release();
        }
    }

    @Test
    void aBatchGetsConsecutiveQueueOffsetsInOneFileAndJoinedMessageIds() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.put(h.message("Orders", 0, 100));
            List<BrokerMessage> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batch.add(h.message("Orders", 0, 100));
            }
            PutMessageResult r = h.putBatch(batch);
            assertThat(r.status()).isEqualTo(PutMessageStatus.PUT_OK);
            assertThat(r.appendMessageResult().logicsOffset()).isEqualTo(1);
            assertThat(r.appendMessageResult().msgNum()).isEqualTo(4);
            String[] ids = r.appendMessageResult().msgId().split(",");
            assertThat(ids).hasSize(4);
            assertThat(MessageId.decodeMessageId(ids[2]).commitLogOffset())
                    .isEqualTo(h.store().getCommitLogOffsetInQueue("Orders", 0, 3));
            assertThat(h.readQueue("Orders", 0)).containsExactly("message-1", "message-2", "message-3", "message-4", "message-5");
        }
    }

    @Test
    void aDelayedMessageWaitsInItsScheduleQueueWithTheDeliverTimeAsTagsCode() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            BrokerMessage plain = h.message("Orders", 2, 50);
            Map<String, String> p = new LinkedHashMap<>(plain.properties());
            p.put("DELAY", "3");
            PutMessageResult r = h.put(plain.rerouted("Orders", 2, p));
            long storeTime = r.appendMessageResult().storeTimestamp();
            ConsumeQueueFormat.Entry e = h.store().consumeQueueEntry(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC, 2, 0);
            assertThat(e.tagsCode()).isEqualTo(storeTime + 10_000);
            StoredMessage stored = h.store().lookMessageByOffset(e.commitLogOffset());
            assertThat(stored.property("REAL_TOPIC")).isEqualTo("Orders");
            assertThat(stored.property("REAL_QID")).isEqualTo("2");
            assertThat(h.store().getMaxOffsetInQueue("Orders", 2)).isZero();
        }
    }

    @Test
    void offsetsByTimePickTheCloserNeighbourAndQueriesByKeyAreChecked() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                times.add(h.put(h.message("Orders", 0, 50)).appendMessageResult().storeTimestamp());
                h.run(100);
            }
            MessageStore s = h.store();
            assertThat(s.getOffsetInQueueByTime("Orders", 0, times.get(7))).isEqualTo(7);
            assertThat(s.getOffsetInQueueByTime("Orders", 0, times.get(7) + 30)).isEqualTo(7);
            assertThat(s.getOffsetInQueueByTime("Orders", 0, times.get(7) + 70)).isEqualTo(8);
            assertThat(s.getOffsetInQueueByTime("Orders", 0, 0)).isZero();
            assertThat(s.getEarliestMessageTime("Orders", 0)).isEqualTo(times.get(0));
            assertThat(s.getEarliestMessageTime()).isEqualTo(times.get(0));
            QueryMessageResult byKey = s.queryMessage("Orders", "key-5", 32, 0, Long.MAX_VALUE);
            assertThat(byKey.messageCount()).isEqualTo(1);
            assertThat(StoreHarness.bodyLabel(StoredMessage.decode(byKey.messageBuffers().get(0), 0, true).body()))
                    .isEqualTo("message-5");
            byKey.release();
            assertThat(s.queryMessage("Orders", String.format("%032X", 6), 32, 0, Long.MAX_VALUE).messageCount()).isEqualTo(1);
            assertThat(s.queryMessage("Other", "key-5", 32, 0, Long.MAX_VALUE).messageCount()).isZero();
            assertThat(s.queryMessage("Orders", "key-5", 32, times.get(10), Long.MAX_VALUE).messageCount()).isZero();
        }
    }

    @Test
    void theArrivingListenerHearsEveryNewEntry() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            List<String> heard = new ArrayList<>();
            h.store().setMessageArrivingListener((topic, queueId, maxOffset, tagsCode, storeTimestamp) ->
                    heard.add(topic + "/" + queueId + "@" + maxOffset));
            h.putMany("Orders", 2, 4, 50);
            assertThat(heard).containsExactly("Orders/0@1", "Orders/1@1", "Orders/0@2", "Orders/1@2");
        }
    }

    @Test
    void rawAppendsMirrorAStoreAndBuildItsQueues() {
        try (StoreHarness master = new StoreHarness(Map.of()); StoreHarness slave = new StoreHarness(Map.of())) {
            master.start();
            slave.start();
            master.putMany("Orders", 2, 300, 400);
            for (long at = 0; at < master.store().getMaxPhyOffset(); ) {
                var data = master.store().getCommitLogData(at);
                assertThat(slave.store().appendToCommitLog(at, data.byteBuffer())).isTrue();
                at += data.size();
                data.release();
            }
            assertThat(slave.store().getMaxPhyOffset()).isEqualTo(master.store().getMaxPhyOffset());
            assertThat(slave.readQueue("Orders", 1)).isEqualTo(master.readQueue("Orders", 1));
            assertThat(slave.store().appendToCommitLog(5, ByteBuffer.allocate(10))).isFalse();
        }
    }

    /**
     * Found by fuzz2-721879: a slave that cut its whole log (none of it was its master's) starts again
     * at its master's last file; with the disk full that file could not be created after the empty
     * ones were deleted, and the log, with no file at all, ended at 0, below what was dispatched. The
     * refused start leaves the log as it was; the next transfer, with room, starts it.
     */
    @Test
    void aLogThatHoldsNothingStartsAgainElsewhereOnlyWhenTheNewFileCanBeCreated() {
        try (StoreHarness slave = new StoreHarness(Map.of("fileReservedTime", "0"))) {
            slave.start();
            long fileSize = slave.store().config().mappedFileSizeCommitLog();
            slave.putMany("Orders", 1, (int) (3 * fileSize / 500), 400);
            slave.store().executeDeleteFilesManually();
            slave.sim.runUntil(() -> slave.store().getMinPhyOffset() > 0, 60_000);
            long cutTo = slave.store().getMinPhyOffset();
            assertThat(cutTo).as("retention deleted the first file").isEqualTo(fileSize);
            slave.store().replication().truncateTo(cutTo);
            long restartAt = 5 * fileSize;
            slave.node.disk().faults().fillerBytes((long) (slave.node.disk().totalSpaceBytes() * 0.99));
            slave.run(20_000);
            ByteBuffer data = ByteBuffer.allocate(100);
            assertThat(slave.store().appendToCommitLog(restartAt, data.duplicate())).as("refused on a full disk").isFalse();
            assertThat(slave.store().getMaxPhyOffset()).as("the log still ends where it was cut").isEqualTo(cutTo);
            slave.store().invariants();

            slave.node.disk().faults().fillerBytes(0);
            slave.run(20_000);
            assertThat(slave.store().appendToCommitLog(restartAt, data.duplicate())).isTrue();
            assertThat(slave.store().getMinPhyOffset()).isEqualTo(restartAt);
            assertThat(slave.store().getMaxPhyOffset()).isEqualTo(restartAt + 100);
            slave.store().invariants();
        }
    }

    /**
     * Found by fuzz2-751535: a slave appends its master's bytes as they arrive, so its durable offset
     * may lie inside a record. A power loss then took the pages from there on except a later one;
     * recovery took the hole for decay below the durable offset, skipped it and kept the records
     * after it, and the slave's log was no longer its master's. The hole is the torn tail: the log
     * ends at the record it cuts.
     */
    @Test
    void aHoleThatStartsInsideTheRecordAtTheDurableOffsetEndsTheLog() {
        try (StoreHarness master = new StoreHarness(Map.of()); StoreHarness slave = new StoreHarness(Map.of())) {
            master.start();
            slave.start();
            List<PutMessageResult> put = master.putMany("Orders", 1, 60, 400);
            long end = master.store().getMaxPhyOffset();
            long cutRecord = put.get(20).appendMessageResult().wroteOffset();
            long durable = cutRecord + 10;
            StoreHarness.appendRaw(master, slave, 0, durable);
            slave.run(5_000);
            StoreHarness.appendRaw(master, slave, durable, end);
            // The pages from the durable offset on are lost, except the last ones: a hole in the log.
            long holeEnd = put.get(40).appendMessageResult().wroteOffset();
            DiskFile file = slave.node.disk().open(slave.config.storePathCommitLog() + "/"
                    + FileNames.offsetToFileName(0));
            file.write(durable, ByteBuffer.allocate((int) (holeEnd - durable)));
            file.close();
            slave.crash(CrashKind.PROCESS);
            assertThat(slave.start().ok()).isTrue();
            assertThat(slave.store().getMaxPhyOffset()).as("the log ends at the record the hole cuts").isEqualTo(cutRecord);
            assertThat(slave.readQueue("Orders", 0)).hasSize(20);
        }
    }

    /**
     * Found by fuzz2-764976: a record whose body a flipped bit had damaged on the master before it was
     * replicated was left out of the slave's queue; it was the queue's last, so the slave's queue
     * ended one entry short of the master's and a group reading from the slave waited there for ever.
     * The entry is kept; a read of it names the damaged offset, which sends the consumer to the master.
     */
    @Test
    void aReplicatedRecordWithADamagedBodyKeepsItsQueueSlotAndItsReadNamesIt() {
        try (StoreHarness master = new StoreHarness(Map.of()); StoreHarness slave = new StoreHarness(Map.of())) {
            master.start();
            slave.start();
            List<PutMessageResult> put = master.putMany("Orders", 1, 13, 400);
            master.flipLastBodyBit(put.get(12).appendMessageResult().wroteOffset(), 400);
            StoreHarness.appendRaw(master, slave, 0, master.store().getMaxPhyOffset());
            slave.run(1_000);
            assertThat(slave.store().getMaxOffsetInQueue("Orders", 0)).isEqualTo(13);
            GetMessageResult r = slave.store().getMessage("g", "Orders", 0, 12, 32, null);
            assertThat(r.messageCount()).isZero();
            assertThat(r.missingQueueOffset()).isEqualTo(12);
            r.release();
        }
    }
}
