package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.pull.PullRequestHoldService;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.FilterApi;
import io.petrel.common.MessageModel;
import io.petrel.common.PermName;
import io.petrel.common.SubscriptionData;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageResponseHeader;
import io.petrel.store.GetMessageResult;
import io.petrel.store.MessageStore;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * PULL_MESSAGE. Checks permissions, group, topic, queue and subscription in RocketMQ's order;
 * reads from the store with the subscription's tag filter; maps the store's status to RocketMQ's
 * codes (docs/protocol.md §6.1); and holds a pull that found nothing (long polling) instead of
 * answering, so consumers do not spin. The commit-offset flag stores the consumer's offset on the
 * first pass only, and on a master only, as RocketMQ does. A slave answers with RocketMQ's slave
 * semantics ({@link PullAnswer}): it never moves a consumer's offset.
 */
public final class PullMessageProcessor {

    static final int FLAG_COMMIT_OFFSET = 1;
    static final int FLAG_SUSPEND = 2;
    static final int FLAG_SUBSCRIPTION = 4;

    /** Where pulled messages are counted (for stats). */
    @FunctionalInterface
    public interface PullStats {
        void onGet(String group, String topic, int messages, long bytes);

        /** A pull answered without messages. */
        default void onPullMiss() {
        }
    }

    private final Env env;
    private final Supplier<BrokerConfig> settings;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerManager consumers;
    private final ConsumerOffsetManager offsets;
    private final MessageStore store;
    private final PullRequestHoldService holds;
    private final PullStats stats;

    public PullMessageProcessor(Env env, Supplier<BrokerConfig> settings, TopicConfigManager topics,
            SubscriptionGroupManager groups, ConsumerManager consumers, ConsumerOffsetManager offsets,
            MessageStore store, PullRequestHoldService holds, PullStats stats) {
        this.env = env;
        this.settings = settings;
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.holds = holds;
        this.stats = stats;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.PULL_MESSAGE, (ch, req) -> pull(ch, req, true));
    }

    private void pull(RemotingChannel channel, RemotingCommand request, boolean allowSuspend) {
        PullMessageRequestHeader h = request.decodeHeader(PullMessageRequestHeader.class);
        BrokerConfig s = settings.get();
        SubscriptionData subscription = checkAndResolveSubscription(channel, request, h, s);
        if (subscription == null) {
            return;
        }
        LongPredicate filter = subscription.subscribesAll() ? null
                : tagsCode -> subscription.codeSet().contains((int) tagsCode);
        GetMessageResult result;
        try {
            result = store.getMessage(h.consumerGroup(), h.topic(), h.queueId(), h.queueOffset(),
                    Math.max(1, h.maxMsgNums()), filter);
        } catch (DiskException e) {
            // Also reached from a held pull woken by a timer or an arrival, outside the dispatcher,
            // so it is answered here: the client retries after its usual pause.
            error(channel, request, ResponseCode.SYSTEM_ERROR, "reading the store failed: " + e.getMessage());
            return;
        }
        PullAnswer answer = answer(h, s, result);
        boolean suspend = allowSuspend && (h.sysFlag() & FLAG_SUSPEND) != 0;
        if (answer.code() == ResponseCode.PULL_NOT_FOUND && suspend) {
            result.release();
            long holdMs = s.longPollingEnable() ? h.suspendTimeoutMillis() : s.shortPollingMs();
            request.markHeldForLongPolling();
            holds.hold(new PullRequestHoldService.HeldPull(h.topic(), h.queueId(), h.queueOffset(),
                    env.clock().nanoTime() + holdMs * 1_000_000L, filter == null ? tc -> true : filter,
                    () -> pull(channel, request, false)));
        } else if (answer.code() == ResponseCode.PULL_RETRY_IMMEDIATELY && suspend && !s.isMaster()) {
            // The official consumer pulls again at once after PULL_RETRY_IMMEDIATELY. A slave gives
            // it wherever a master would move the consumer's offset (a queue it has not replicated
            // yet, an offset past its end), so answering at once would have consumer and slave spin
            // until replication catches up. A pull that may be held is answered after the short
            // polling pause instead; the answer is the same.
            long pauseMs = Math.min(h.suspendTimeoutMillis(), s.shortPollingMs());
            RemotingCommand response = response(h, result, answer);
            request.markHeldForLongPolling();
            env.scheduler().schedule(pauseMs, () -> channel.reply(request, response));
        } else {
            channel.reply(request, response(h, result, answer));
        }
        // RocketMQ stores the commit offset a pull carries on a master only: a slave's offsets are
        // its master's, copied every 10 s (SlaveSynchronize), never the consumers' own.
        boolean commit = allowSuspend && (h.sysFlag() & FLAG_COMMIT_OFFSET) != 0 && s.isMaster() && h.commitOffset() >= 0;
        if (commit) {
            offsets.commitFromConsumer(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
        }
    }

    /** The store's result as this broker's role answers it ({@link PullAnswer}). */
    private PullAnswer answer(PullMessageRequestHeader h, BrokerConfig s, GetMessageResult result) {
        SubscriptionGroupConfig group = groups.get(h.consumerGroup());
        long groupBrokerId = group == null ? PullAnswer.MASTER_ID : group.brokerId();
        long suggest = PullAnswer.suggestion(s.slaveReadEnable(), result.suggestPullingFromSlave(), groupBrokerId,
                group == null ? 1 : group.whichBrokerWhenConsumeSlowly());
        if (s.isMaster()) {
            return PullAnswer.onMaster(result.status(), h.queueOffset(), result.nextBeginOffset(), suggest);
        }
        return PullAnswer.onSlave(result.status(), h.queueOffset(), result.nextBeginOffset(), suggest,
                result.missingQueueOffset());
    }

    /** The response (messages only with SUCCESS); releases the result, so call it once. */
    private RemotingCommand response(PullMessageRequestHeader h, GetMessageResult result, PullAnswer answer) {
        RemotingCommand response = RemotingCommand.response(answer.code(), result.status().name())
                .header(new PullMessageResponseHeader(answer.suggestWhichBrokerId(), answer.nextBeginOffset(),
                        result.minOffset(), result.maxOffset()));
        if (answer.code() == ResponseCode.SUCCESS) {
            ByteBuffer body = ByteBuffer.allocate(result.bufferTotalSize());
            result.messageBuffers().forEach(body::put);
            response.body(body.flip());
            stats.onGet(h.consumerGroup(), h.topic(), result.messageCount(), result.bufferTotalSize());
        } else {
            stats.onPullMiss();
        }
        result.release();
        return response;
    }

    /** RocketMQ's checks before reading; answers and returns null when the pull is refused. */
    private SubscriptionData checkAndResolveSubscription(RemotingChannel channel, RemotingCommand request,
            PullMessageRequestHeader h, BrokerConfig s) {
        if (!PermName.isReadable(s.brokerPermission())) {
            error(channel, request, ResponseCode.NO_PERMISSION, "the broker[" + s.brokerIP1() + "] pulling message is forbidden");
            return null;
        }
        SubscriptionGroupConfig group = groups.findOrCreate(h.consumerGroup());
        if (group == null) {
            error(channel, request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + h.consumerGroup() + "] does not exist");
            return null;
        }
        if (!group.consumeEnable()) {
            error(channel, request, ResponseCode.NO_PERMISSION, "subscription group no permission, " + h.consumerGroup());
            return null;
        }
        TopicConfig topic = topics.get(h.topic());
        if (topic == null) {
            error(channel, request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + h.topic() + "] not exist, apply first please!");
            return null;
        }
        if (!PermName.isReadable(topic.perm())) {
            error(channel, request, ResponseCode.NO_PERMISSION, "the topic[" + h.topic() + "] pulling message is forbidden");
            return null;
        }
        if (h.queueId() < 0 || h.queueId() >= topic.readQueueNums()) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, String.format(Locale.ROOT,
                    "queueId[%d] is illegal, topic:[%s] topicConfig.readQueueNums:[%d] consumer:[%s]",
                    h.queueId(), h.topic(), topic.readQueueNums(), channel.remoteAddress()));
            return null;
        }
        return (h.sysFlag() & FLAG_SUBSCRIPTION) != 0 ? fromRequest(channel, request, h)
                : fromHeartbeat(channel, request, h, group);
    }

    private SubscriptionData fromRequest(RemotingChannel channel, RemotingCommand request, PullMessageRequestHeader h) {
        if (h.expressionType() != null && !SubscriptionData.TAG.equals(h.expressionType())) {
            error(channel, request, ResponseCode.SYSTEM_ERROR,
                    "The broker does not support consumer to filter message by " + h.expressionType());
            return null;
        }
        try {
            return FilterApi.build(h.topic(), h.subscription(), h.subVersion());
        } catch (IllegalArgumentException e) {
            error(channel, request, ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                    "parse the consumer's subscription[" + h.subscription() + "] failed: " + e.getMessage());
            return null;
        }
    }

    private SubscriptionData fromHeartbeat(RemotingChannel channel, RemotingCommand request,
            PullMessageRequestHeader h, SubscriptionGroupConfig group) {
        ConsumerGroupInfo info = consumers.group(h.consumerGroup());
        if (info == null) {
            error(channel, request, ResponseCode.SUBSCRIPTION_NOT_EXIST,
                    "the consumer's group info not exist, group: " + h.consumerGroup());
            return null;
        }
        if (!group.consumeBroadcastEnable() && info.messageModel() == MessageModel.BROADCASTING) {
            error(channel, request, ResponseCode.NO_PERMISSION,
                    "the consumer group[" + h.consumerGroup() + "] can not consume by broadcast way");
            return null;
        }
        SubscriptionData subscription = info.subscription(h.topic());
        if (subscription == null) {
            error(channel, request, ResponseCode.SUBSCRIPTION_NOT_EXIST,
                    "the consumer's subscription not exist, group: " + h.consumerGroup() + " topic: " + h.topic());
            return null;
        }
        if (subscription.subVersion() < h.subVersion()) {
            error(channel, request, ResponseCode.SUBSCRIPTION_NOT_LATEST,
                    "the consumer's subscription not latest, group: " + h.consumerGroup());
            return null;
        }
        return subscription;
    }
}
