package io.petrel.store;

import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.env.Clock;
import io.petrel.env.DiskException;
import io.petrel.env.NodeLog;
import io.petrel.env.Scheduler;
import io.petrel.store.commitlog.AppendMessageResult;
import io.petrel.store.commitlog.AppendMessageStatus;
import io.petrel.store.commitlog.AppendRejectedException;
import io.petrel.store.commitlog.BrokerMessage;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.commitlog.PreparedMessage;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.index.IndexService;
import io.petrel.store.queue.ConsumeQueueTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The put path (RocketMQ's {@code asyncPutMessage}/{@code asyncPutMessages}): refuse when the store
 * cannot write, check and prepare every message, make sure the consume-queue and index files it
 * needs exist, append, dispatch, and answer when {@link PutAcknowledger} decides. Every answer is
 * delivered by a callback on the loop, never inline. A put that is
 * refused has written nothing.
 *
 * <p>Driven by its node's loop only. A crash drops answers not yet given.
 */
final class PutService {

    private final StoreConfig config;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final Dispatcher dispatcher;
    private final CommitLogFlushService flush;
    private final PutAcknowledger acknowledger;
    private final CleanService clean;
    private final RunningFlags flags;
    private final Scheduler scheduler;
    private final Clock clock;
    private final NodeLog log;
    private final long[] outcomes = new long[PutMessageStatus.values().length];
    private final ArrayDeque<Runnable> answers = new ArrayDeque<>();
    private boolean answersScheduled;
    private Runnable onAppended = () -> { };
    private long putMessageTimesTotal;
    private long putMessageSizeTotal;

    PutService(StoreConfig config, CommitLog commitLog, ConsumeQueueTable consumeQueues, IndexService index,
            Dispatcher dispatcher, CommitLogFlushService flush, PutAcknowledger acknowledger, CleanService clean,
            RunningFlags flags, Scheduler scheduler, Clock clock, NodeLog log) {
        this.config = config;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.flush = flush;
        this.acknowledger = acknowledger;
        this.clean = clean;
        this.flags = flags;
        this.scheduler = scheduler;
        this.clock = clock;
        this.log = log;
    }

    /** Runs after every append (replication under ASYNC_FLUSH pushes the new bytes). */
    void onAppended(Runnable listener) {
        this.onAppended = listener;
    }

    long putMessageTimesTotal() {
        return putMessageTimesTotal;
    }

    long putMessageSizeTotal() {
        return putMessageSizeTotal;
    }

    Map<PutMessageStatus, Long> outcomes() {
        EnumMap<PutMessageStatus, Long> map = new EnumMap<>(PutMessageStatus.class);
        for (PutMessageStatus s : PutMessageStatus.values()) {
            if (outcomes[s.ordinal()] > 0) {
                map.put(s, outcomes[s.ordinal()]);
            }
        }
        return map;
    }

    void put(List<BrokerMessage> messages, boolean batch, Consumer<PutMessageResult> callback) {
        PutMessageResult refused = refusal(messages, batch);
        if (refused != null) {
            answer(callback, refused);
            return;
        }
        List<PreparedMessage> prepared = new ArrayList<>(messages.size());
        AppendMessageResult appended;
        try {
            for (BrokerMessage m : messages) {
                prepared.add(commitLog.encoder().prepare(m));
            }
            ensureFiles(prepared);
            appended = commitLog.appendAll(prepared, clock.nowMs());
        } catch (AppendRejectedException e) {
            if (e.isDiskFull()) {
                log.probe("store-disk-full-refused");
            }
            answer(callback, PutMessageResult.failed(map(e), e.getMessage()));
            return;
        }
        putMessageTimesTotal += appended.msgNum();
        putMessageSizeTotal += appended.wroteBytes();
        dispatcher.dispatch(appended.dispatchRequests());
        onAppended.run();
        acknowledger.acknowledge(appended, prepared.get(0).waitStoreMsgOk(), result -> answer(callback, result), result -> {
            count(result);
            callback.accept(result);
        });
    }

    private PutMessageResult refusal(List<BrokerMessage> messages, boolean batch) {
        String why = flags.whyNotWriteable();
        if (why != null && flags.isDiskFull() && !clean.refreshDiskFull()) {
            why = flags.whyNotWriteable();
        }
        if (why != null) {
            if (flags.isDiskFull()) {
                log.probe("store-disk-full-refused");
            }
            return PutMessageResult.failed(PutMessageStatus.SERVICE_NOT_AVAILABLE, why);
        }
        if (messages.isEmpty()) {
            return PutMessageResult.failed(PutMessageStatus.MESSAGE_ILLEGAL, "no message to put");
        }
        if (config.flushDiskType() == FlushDiskType.SYNC_FLUSH && !flush.canAcceptWaiter()) {
            return PutMessageResult.failed(PutMessageStatus.OS_PAGECACHE_BUSY,
                    CommitLogFlushService.MAX_WAITERS + " puts already wait for a force");
        }
        return batch ? batchRefusal(messages) : null;
    }

    /** RocketMQ's batch rules: one queue, no delay, no transaction, bodies within maxMessageSize. */
    private PutMessageResult batchRefusal(List<BrokerMessage> messages) {
        long bodies = 0;
        BrokerMessage first = messages.get(0);
        for (BrokerMessage m : messages) {
            if (!m.topic().equals(first.topic()) || m.queueId() != first.queueId()) {
                return PutMessageResult.failed(PutMessageStatus.MESSAGE_ILLEGAL, "a batch must go to one topic queue");
            }
            if (MessageProperties.delayLevel(m.properties()) > 0) {
                return PutMessageResult.failed(PutMessageStatus.MESSAGE_ILLEGAL, "a batch cannot hold delayed messages");
            }
            if (MessageSysFlag.transactionValue(m.sysFlag()) != MessageSysFlag.TRANSACTION_NOT_TYPE) {
                return PutMessageResult.failed(PutMessageStatus.MESSAGE_ILLEGAL, "a batch cannot hold transaction messages");
            }
            bodies += m.body().length;
        }
        if (bodies > config.maxMessageSize()) {
            return PutMessageResult.failed(PutMessageStatus.MESSAGE_ILLEGAL,
                    "batch bodies of " + bodies + " bytes exceed maxMessageSize " + config.maxMessageSize());
        }
        return null;
    }

    /** Creates the consume-queue and index files the append will need, so a full disk refuses it first. */
    private void ensureFiles(List<PreparedMessage> prepared) {
        PreparedMessage first = prepared.get(0);
        try {
            if (MessageSysFlag.hasConsumeQueueEntry(first.sysFlag())) {
                TopicQueue q = first.topicQueue();
                consumeQueues.findOrCreate(q).ensureWritable(commitLog.nextQueueOffset(q) + prepared.size() - 1);
            }
            if (index != null) {
                index.ensureCapacity(countKeys(prepared), clock.nowMs());
            }
        } catch (DiskException e) {
            boolean noSpace = e.kind() == DiskException.Kind.NO_SPACE;
            throw new AppendRejectedException(AppendMessageStatus.CREATE_MAPEDFILE_FAILED,
                    (noSpace ? "disk full: " : "") + "cannot create a consume-queue or index file: " + e.getMessage(), noSpace);
        }
    }

    private static int countKeys(List<PreparedMessage> prepared) {
        int keys = 0;
        for (PreparedMessage p : prepared) {
            keys += p.indexKeyCount();
        }
        return keys;
    }

    /**
     * Answers on the loop, after the current event. Answers given during one event share one loop task
     * (a high put rate would otherwise cost a task per put); a task delivers only the answers queued
     * when it started, so callbacks that put again are answered by the next task, in order.
     */
    private void answer(Consumer<PutMessageResult> callback, PutMessageResult result) {
        count(result);
        if (result.status() != PutMessageStatus.PUT_OK && !result.isAppended()) {
            log.debug("put refused: {} {}", result.status(), result.remark());
        }
        answers.addLast(() -> callback.accept(result));
        if (!answersScheduled) {
            answersScheduled = true;
            scheduler.execute(this::deliverAnswers);
        }
    }

    private void deliverAnswers() {
        answersScheduled = false;
        for (int n = answers.size(); n > 0; n--) {
            answers.pollFirst().run();
        }
    }

    private void count(PutMessageResult r) {
        outcomes[r.status().ordinal()]++;
    }

    private static PutMessageStatus map(AppendRejectedException e) {
        return switch (e.status()) {
            case PUT_OK -> PutMessageStatus.PUT_OK;
            case MESSAGE_ILLEGAL, MESSAGE_SIZE_EXCEEDED -> PutMessageStatus.MESSAGE_ILLEGAL;
            case PROPERTIES_SIZE_EXCEEDED -> PutMessageStatus.PROPERTIES_SIZE_EXCEEDED;
            case CREATE_MAPEDFILE_FAILED -> PutMessageStatus.CREATE_MAPEDFILE_FAILED;
            case UNKNOWN_ERROR -> PutMessageStatus.UNKNOWN_ERROR;
        };
    }
}
