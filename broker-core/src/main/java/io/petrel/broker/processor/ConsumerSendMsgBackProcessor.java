package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.MixAll;
import io.petrel.common.PermName;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.ConsumerSendMsgBackRequestHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.PutMessageResult;
import io.petrel.store.commitlog.BrokerMessage;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * CONSUMER_SEND_MSG_BACK (docs/protocol.md §6.6): a consumer failed a message and hands it back.
 * The broker re-reads it by commit-log offset and stores a copy for the group: to
 * {@code %RETRY%group} with delay level 3 + reconsumeTimes (or the level asked for), so the
 * schedule service brings it back later, or — once reconsumeTimes reaches the group's
 * {@code retryMaxTimes} (the client's max from request version 121 on), or when the client asks
 * with a negative level — to {@code %DLQ%group} (one queue, perm RW) with no delay. The copy keeps
 * the body, flag, tags, sysFlag, born time and host, all properties (UNIQ_KEY included), and
 * gains RETRY_TOPIC (the original topic, once), ORIGIN_MESSAGE_ID and reconsumeTimes + 1.
 *
 * <p>Every check that can fail runs before anything is created, so a refused send-back (unknown
 * group, unknown offset, a slave, a broker without write permission) changes nothing. Unlike
 * RocketMQ, the copy is acknowledged only as durably as a send (WAIT stays true), so under
 * SYNC_FLUSH an answered send-back survives a power loss.
 */
public final class ConsumerSendMsgBackProcessor {

    /** RocketMQ's V3_4_9 ordinal: from this request version on, the header's maxReconsumeTimes counts. */
    private static final int VERSION_HONOURING_MAX_RECONSUME = 121;
    private static final int DLQ_NUMS_PER_GROUP = 1;
    private static final int RETRY_BASE_LEVEL = 3;

    /** Where a send-back is counted. */
    @FunctionalInterface
    public interface SendBackStats {
        void onSendBack(String group, String topic);
    }

    private final Env env;
    private final Supplier<BrokerConfig> settings;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final MessageStore store;
    private final SendBackStats stats;
    private final boolean deadLetterEarly;

    /** {@code deadLetterEarly} is {@link io.petrel.common.Sabotage#DEAD_LETTER_ONE_RETRY_EARLY}, tests only. */
    public ConsumerSendMsgBackProcessor(Env env, Supplier<BrokerConfig> settings, TopicConfigManager topics,
            SubscriptionGroupManager groups, MessageStore store, SendBackStats stats, boolean deadLetterEarly) {
        this.env = env;
        this.settings = settings;
        this.topics = topics;
        this.groups = groups;
        this.store = store;
        this.stats = stats;
        this.deadLetterEarly = deadLetterEarly;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.CONSUMER_SEND_MSG_BACK, this::sendBack);
    }

    private void sendBack(RemotingChannel channel, RemotingCommand request) {
        ConsumerSendMsgBackRequestHeader h = request.decodeHeader(ConsumerSendMsgBackRequestHeader.class);
        Refusal refusal = refusal(h);
        if (refusal != null) {
            error(channel, request, refusal.code(), refusal.remark());
            return;
        }
        StoredMessage original = store.lookMessageByOffset(h.offset());
        if (original == null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "look message by offset failed, " + h.offset());
            return;
        }
        SubscriptionGroupConfig group = groups.findOrCreate(h.group());
        if (group.retryQueueNums() <= 0) {
            channel.reply(request, RemotingCommand.success());
            return;
        }
        Target target = target(request, h, group, original);
        if (target == null) {
            error(channel, request, ResponseCode.NO_PERMISSION, "the topic[" + MixAll.retryTopic(h.group())
                    + "] sending message is forbidden");
            return;
        }
        store.putMessage(copyOf(original, target), result -> answer(channel, request, h, original, result));
    }

    /** A refusal's code and remark. */
    private record Refusal(int code, String remark) {
    }

    /** Why the request is refused before anything is read or created, or null. */
    private Refusal refusal(ConsumerSendMsgBackRequestHeader h) {
        BrokerConfig s = settings.get();
        if (groups.get(h.group()) == null && !s.autoCreateSubscriptionGroup()) {
            return new Refusal(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group not exist, " + h.group());
        }
        if (!s.isMaster()) {
            return new Refusal(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "the broker[" + s.brokerName() + "] is a slave and does not accept messages sent back");
        }
        if (!PermName.isWriteable(s.brokerPermission())) {
            return new Refusal(ResponseCode.NO_PERMISSION, "the broker[" + s.brokerIP1() + "] sending message is forbidden");
        }
        if (h.offset() < 0) {
            return new Refusal(ResponseCode.SYSTEM_ERROR, "look message by offset failed, " + h.offset());
        }
        return null;
    }

    /** Where the copy goes: topic, queue and delay level (0 for the DLQ). */
    private record Target(String topic, int queueId, int delayLevel) {
    }

    private Target target(RemotingCommand request, ConsumerSendMsgBackRequestHeader h, SubscriptionGroupConfig group,
            StoredMessage original) {
        int max = group.retryMaxTimes();
        if (request.version() >= VERSION_HONOURING_MAX_RECONSUME && h.maxReconsumeTimes() != null) {
            max = h.maxReconsumeTimes();
        }
        // SABOTAGE (tests only): deadLetterEarly is true only under DEAD_LETTER_ONE_RETRY_EARLY.
        int reconsumed = deadLetterEarly ? original.reconsumeTimes() + 1 : original.reconsumeTimes();
        if (reconsumed >= max || h.delayLevel() < 0) {
            env.log().probe("broker-retry-to-dlq");
            String dlq = MixAll.dlqTopic(h.group());
            topics.createIfAbsent(dlq, DLQ_NUMS_PER_GROUP, PermName.PERM_READ | PermName.PERM_WRITE, 0);
            return new Target(dlq, env.random().nextInt(DLQ_NUMS_PER_GROUP), 0);
        }
        TopicConfig retry = topics.createIfAbsent(MixAll.retryTopic(h.group()), group.retryQueueNums(),
                PermName.PERM_READ | PermName.PERM_WRITE, 0);
        if (!PermName.isWriteable(retry.perm())) {
            return null;
        }
        int level = h.delayLevel() == 0 ? RETRY_BASE_LEVEL + original.reconsumeTimes() : h.delayLevel();
        return new Target(retry.topicName(), env.random().nextInt(Math.max(1, group.retryQueueNums())), level);
    }

    private static BrokerMessage copyOf(StoredMessage original, Target target) {
        LinkedHashMap<String, String> properties = original.properties();
        properties.putIfAbsent(MessageConst.PROPERTY_RETRY_TOPIC, original.topic());
        String origin = properties.get(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID);
        if (origin == null || origin.isBlank()) {
            properties.put(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID, original.offsetMsgId());
        }
        properties.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(target.delayLevel()));
        properties.remove(MessageConst.PROPERTY_WAIT_STORE_MSG_OK);
        return new BrokerMessage(target.topic(), target.queueId(), original.flag(), original.body(), properties,
                original.bornTimestamp(), original.bornHost(), original.sysFlag(), original.reconsumeTimes() + 1, 0);
    }

    private void answer(RemotingChannel channel, RemotingCommand request, ConsumerSendMsgBackRequestHeader h,
            StoredMessage original, PutMessageResult result) {
        if (!result.isOk()) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, result.status().name());
            return;
        }
        String topic = original.properties().getOrDefault(MessageConst.PROPERTY_RETRY_TOPIC, original.topic());
        stats.onSendBack(h.group(), topic);
        channel.reply(request, RemotingCommand.success());
    }
}
