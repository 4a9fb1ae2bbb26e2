package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.metrics.MessageType;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.broker.transaction.TransactionService;
import io.petrel.common.MixAll;
import io.petrel.common.PermName;
import io.petrel.common.Sabotage;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicFilterType;
import io.petrel.common.TopicValidator;
import io.petrel.common.message.BatchBodyFormat;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageFormatException;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.store.MessageStore;
import io.petrel.store.PutMessageResult;
import io.petrel.store.PutMessageStatus;
import io.petrel.store.commitlog.BrokerMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE. Checks in RocketMQ's order (broker write
 * permission for order topics, topic name, send-forbidden system topics, existence with
 * auto-creation through the default topic, queue id range), routes a retry-topic message that has
 * used up its reconsume times to the group's dead-letter topic, stores, and answers with the
 * offsetMsgId, queue and queue offset, or RocketMQ's code for the store's status.
 *
 * <p>A transactional half message ({@code TRAN_MSG=true}) passes the same checks for its real topic
 * and queue and is stored by the {@link TransactionService}; the answer names the real queue and the
 * half queue offset, which the producer hands back in END_TRANSACTION. Refused, naming why: any half
 * message under {@code rejectTransactionMessage=true} (NO_PERMISSION, RocketMQ's remark), one with
 * DELAY or without PGROUP, a batch holding one, and a send whose sysFlag carries a transaction type
 * without {@code TRAN_MSG=true} (RocketMQ stores such a PREPARED or ROLLBACK record where no consumer
 * can ever read it). As in RocketMQ, a retry that carries TRAN_MSG with a delay (clients before 4.6.1
 * copied the flag onto retries) is an ordinary message.
 */
public final class SendMessageProcessor {

    /** RocketMQ's V3_4_9 ordinal: from this request version on, the header's maxReconsumeTimes counts. */
    private static final int VERSION_HONOURING_MAX_RECONSUME = 121;
    private static final int MAX_BATCH_MESSAGES = 4096;

    private final Env env;
    private final Supplier<BrokerConfig> settings;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final MessageStore store;
    private final SendStats stats;
    private final TransactionService transactions;
    private final boolean deadLetterLate;

    /** Where a successful send is counted (per topic, for stats). */
    @FunctionalInterface
    public interface SendStats {
        void onPut(String topic, MessageType type, int messages, long bytes);
    }

    /** {@code deadLetterLate} is {@link Sabotage#RETRY_SEND_DEAD_LETTERED_LATE}, tests only. */
    public SendMessageProcessor(Env env, Supplier<BrokerConfig> settings, TopicConfigManager topics,
            SubscriptionGroupManager groups, MessageStore store, TransactionService transactions, SendStats stats,
            boolean deadLetterLate) {
        this.env = env;
        this.settings = settings;
        this.topics = topics;
        this.groups = groups;
        this.store = store;
        this.stats = stats;
        this.transactions = transactions;
        this.deadLetterLate = deadLetterLate;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.SEND_MESSAGE, (ch, req) -> send(ch, req, req.decodeHeader(SendMessageRequestHeader.class)))
                .register(RequestCode.SEND_MESSAGE_V2, (ch, req) -> send(ch, req,
                        req.decodeHeader(SendMessageRequestHeaderV2.class).toV1()))
                .register(RequestCode.SEND_BATCH_MESSAGE, (ch, req) -> send(ch, req,
                        req.decodeHeader(SendMessageRequestHeaderV2.class).toV1()));
    }

    private void send(RemotingChannel channel, RemotingCommand request, SendMessageRequestHeader h) {
        BrokerConfig s = settings.get();
        if (!s.isMaster()) {
            error(channel, request, ResponseCode.SERVICE_NOT_AVAILABLE,
                    "the broker[" + s.brokerName() + "] is a slave and does not accept messages");
            return;
        }
        LinkedHashMap<String, String> sentProperties = MessageProperties.decode(h.properties());
        String transactionProblem = transactionProblem(h, sentProperties, s);
        if (transactionProblem != null) {
            env.log().probe("broker-half-message-refused");
            error(channel, request, s.rejectTransactionMessage() && isHalf(h, sentProperties) ? ResponseCode.NO_PERMISSION
                    : ResponseCode.MESSAGE_ILLEGAL, transactionProblem);
            return;
        }
        boolean half = isHalf(h, sentProperties);
        TopicConfig topic = checkAndResolveTopic(channel, request, h, s);
        if (topic == null) {
            return;
        }
        int queueId = h.queueId() < 0 ? env.random().nextInt(Math.max(1, topic.writeQueueNums())) : h.queueId();
        String targetTopic = topic.topicName();
        int reconsumeTimes = h.reconsumeTimes() == null ? 0 : h.reconsumeTimes();
        if (MixAll.isRetryTopic(targetTopic)) {
            String group = targetTopic.substring(MixAll.RETRY_GROUP_TOPIC_PREFIX.length());
            SubscriptionGroupConfig groupConfig = groups.findOrCreate(group);
            if (groupConfig == null) {
                error(channel, request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                        "subscription group [" + group + "] does not exist");
                return;
            }
            int max = groupConfig.retryMaxTimes();
            if (request.version() >= VERSION_HONOURING_MAX_RECONSUME && h.maxReconsumeTimes() != null) {
                max = h.maxReconsumeTimes();
            }
            if (deadLetterLate) {
                // SABOTAGE (tests only): RETRY_SEND_DEAD_LETTERED_LATE keeps a copy whose count reached max.
                max++;
            }
            if (reconsumeTimes >= max) {
                env.log().probe("broker-retry-to-dlq");
                targetTopic = MixAll.dlqTopic(group);
                topics.createIfAbsent(targetTopic, 1, PermName.PERM_READ | PermName.PERM_WRITE, 0);
                queueId = 0;
            }
        }
        List<BrokerMessage> messages = buildMessages(channel, request, h, targetTopic, queueId, reconsumeTimes, topic);
        if (messages == null) {
            return;
        }
        String replyTopic = targetTopic;
        int replyQueueId = queueId;
        MessageType type = half ? MessageType.TRANSACTION
                : MessageProperties.delayLevel(sentProperties) > 0 ? MessageType.DELAY : MessageType.NORMAL;
        Runnable count = () -> stats.onPut(replyTopic, type, messages.size(),
                messages.stream().mapToLong(m -> m.body().length).sum());
        // When a put is acknowledged (flush, and a slave's acknowledgement on a SYNC_MASTER) is the store's call.
        Consumer<PutMessageResult> answer = result -> {
            probeFlushOutcome(result);
            SendReplies.reply(channel, request, result, replyQueueId, s, count);
        };
        if (half) {
            transactions.prepare(messages.get(0), answer);
        } else if (request.code() == RequestCode.SEND_BATCH_MESSAGE) {
            store.putMessages(messages, answer);
        } else {
            store.putMessage(messages.get(0), answer);
        }
    }

    /** A transactional half message: TRAN_MSG=true, unless it is a delayed retry (RocketMQ's exception). */
    private static boolean isHalf(SendMessageRequestHeader h, Map<String, String> properties) {
        boolean retryWithDelay = h.reconsumeTimes() != null && h.reconsumeTimes() > 0
                && MessageProperties.delayLevel(properties) > 0;
        return Boolean.parseBoolean(properties.get(MessageConst.PROPERTY_TRANSACTION_PREPARED)) && !retryWithDelay;
    }

    /** Why a send is refused for its transaction flags, or null. */
    private static String transactionProblem(SendMessageRequestHeader h, Map<String, String> properties,
            BrokerConfig s) {
        int type = MessageSysFlag.transactionValue(h.sysFlag());
        if (!isHalf(h, properties)) {
            return type == MessageSysFlag.TRANSACTION_NOT_TYPE ? null : "sysFlag " + h.sysFlag() + " carries transaction"
                    + " type " + type + " but the message has no TRAN_MSG=true: it would be stored where no consumer"
                    + " can read it";
        }
        if (s.rejectTransactionMessage()) {
            return "the broker[" + s.brokerIP1() + "] sending transaction message is forbidden";
        }
        if (type != MessageSysFlag.TRANSACTION_NOT_TYPE && type != MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
            return "sysFlag " + h.sysFlag() + " says COMMIT or ROLLBACK on a half message (TRAN_MSG=true); a half"
                    + " message is PREPARED";
        }
        if (MessageProperties.delayLevel(properties) > 0) {
            return "a transactional half message cannot carry DELAY=" + properties.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL)
                    + " (the official client drops it)";
        }
        if (properties.get(MessageConst.PROPERTY_PRODUCER_GROUP) == null) {
            return "the half message has no PGROUP: the broker could not ask its producer group about it";
        }
        if (h.batch() || MixAll.isRetryTopic(h.topic())) {
            return "a half message cannot be " + (h.batch() ? "a batch" : "sent to a retry topic");
        }
        return null;
    }

    /** Coverage: a SYNC_FLUSH put answered FLUSH_DISK_TIMEOUT (its force was too slow, or failed). */
    private void probeFlushOutcome(PutMessageResult result) {
        if (result.status() == PutMessageStatus.FLUSH_DISK_TIMEOUT) {
            env.log().probe("broker-flush-timeout");
        } else if (result.status() == PutMessageStatus.FLUSH_DISK_FAILED) {
            env.log().probe("broker-flush-failed");
        }
    }

    /** RocketMQ's msgCheck (also for replies); answers and returns null when the send is refused. */
    TopicConfig checkAndResolveTopic(RemotingChannel channel, RemotingCommand request,
            SendMessageRequestHeader h, BrokerConfig s) {
        String topicName = h.topic();
        TopicConfig existing = topics.get(topicName);
        if (!PermName.isWriteable(s.brokerPermission()) && existing != null && existing.order()) {
            error(channel, request, ResponseCode.NO_PERMISSION,
                    "the broker[" + s.brokerIP1() + "] sending message is forbidden");
            return null;
        }
        String invalid = TopicValidator.problem(topicName);
        if (invalid != null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, invalid);
            return null;
        }
        if (TopicValidator.isNotAllowedSend(topicName)) {
            error(channel, request, ResponseCode.NO_PERMISSION, "Sending message to topic[" + topicName + "] is forbidden.");
            return null;
        }
        TopicConfig topic = existing;
        if (topic == null) {
            int sysFlag = 0;
            topic = MixAll.isRetryTopic(topicName)
                    ? topics.createIfAbsent(topicName, 1, PermName.PERM_READ | PermName.PERM_WRITE, sysFlag)
                    : topics.createOnSend(topicName, h.defaultTopic(), h.defaultTopicQueueNums(), sysFlag);
        }
        if (topic == null) {
            error(channel, request, ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + topicName + "] not exist, apply first please!");
            return null;
        }
        if (!PermName.isWriteable(topic.perm())) {
            error(channel, request, ResponseCode.NO_PERMISSION, "the topic[" + topicName + "] sending message is forbidden");
            return null;
        }
        int valid = Math.max(topic.writeQueueNums(), topic.readQueueNums());
        if (h.queueId() >= valid) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, String.format(Locale.ROOT,
                    "request queueId[%d] is illegal, %s Producer: %s", h.queueId(), topic, channel.remoteAddress()));
            return null;
        }
        return topic;
    }

    /** The messages to store; answers and returns null when the body is unusable. */
    private List<BrokerMessage> buildMessages(RemotingChannel channel, RemotingCommand request,
            SendMessageRequestHeader h, String topic, int queueId, int reconsumeTimes, TopicConfig config) {
        ByteBuffer body = request.body();
        if (body == null) {
            error(channel, request, ResponseCode.MESSAGE_ILLEGAL, "the message body is empty");
            return null;
        }
        HostAddress bornHost = HostAddress.parse(channel.remoteAddress().toString());
        int sysFlag = h.sysFlag() | (config.topicFilterType() == TopicFilterType.MULTI_TAG ? MessageSysFlag.MULTI_TAGS_FLAG : 0);
        LinkedHashMap<String, String> headerProperties = MessageProperties.decode(h.properties());
        if (request.code() != RequestCode.SEND_BATCH_MESSAGE) {
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            return List.of(new BrokerMessage(topic, queueId, h.flag(), bytes, headerProperties, h.bornTimestamp(),
                    bornHost, sysFlag, reconsumeTimes, 0));
        }
        if (MixAll.isRetryTopic(h.topic()) || MessageProperties.delayLevel(headerProperties) > 0) {
            error(channel, request, ResponseCode.MESSAGE_ILLEGAL, "a batch cannot carry retry or delayed messages");
            return null;
        }
        try {
            List<BrokerMessage> messages = new ArrayList<>();
            for (BatchBodyFormat.Entry e : BatchBodyFormat.decode(body, MAX_BATCH_MESSAGES)) {
                Map<String, String> properties = MessageProperties.decode(e.propertiesString());
                headerProperties.forEach(properties::putIfAbsent);
                if (Boolean.parseBoolean(properties.get(MessageConst.PROPERTY_TRANSACTION_PREPARED))) {
                    // The whole batch is refused: a batch is stored all or nothing.
                    error(channel, request, ResponseCode.MESSAGE_ILLEGAL, "a batch cannot hold transactional half"
                            + " messages (TRAN_MSG=true); send each in its own transaction");
                    return null;
                }
                messages.add(new BrokerMessage(topic, queueId, e.flag(), e.body(), properties, h.bornTimestamp(),
                        bornHost, sysFlag, reconsumeTimes, 0));
            }
            return messages;
        } catch (MessageFormatException e) {
            error(channel, request, ResponseCode.MESSAGE_ILLEGAL, "bad batch body: " + e.getMessage());
            return null;
        }
    }
}
