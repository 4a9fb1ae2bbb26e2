package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.BrokerSettings;
import io.petrel.broker.client.Broker2Client;
import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ProducerManager;
import io.petrel.common.TopicConfig;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageProperties;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ClientCallHeaders.ReplyMessageRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.PutMessageResult;
import io.petrel.store.commitlog.BrokerMessage;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * Request-reply (SEND_REPLY_MESSAGE 324 and _V2 325): a replier's producer sends the reply it built
 * from a request message (topic {@code <cluster>_REPLY_TOPIC}, {@code MSG_TYPE=reply}); the broker
 * pushes it (PUSH_REPLY_MESSAGE_TO_CLIENT, 326) on the connection of the live producer whose client id
 * the reply names in {@code REPLY_TO_CLIENT}, then, with {@code storeReplyMessageEnable} (default true),
 * stores it in the reply topic too, and answers.
 *
 * <p>As in RocketMQ 4.9, the answer is SUCCESS exactly when the requester took the push; it carries the
 * stored copy's msgId and offset when that was stored, else msgId "0" and offset 0 (the client parses
 * the msgId). A push that could not be made (no REPLY_TO_CLIENT, the requester gone, its refusal or
 * silence for 10 s) answers SYSTEM_ERROR naming why; the stored copy, if any, is only for queries. Unlike
 * RocketMQ, the push waits on a callback rather than blocking a thread, the topic checks are those of a
 * send, and a slave refuses replies as it refuses sends. A stored copy that fails is logged.
 */
public final class ReplyMessageProcessor {

    private final Env env;
    private final Supplier<BrokerSettings> settings;
    private final SendMessageProcessor sends;
    private final ProducerManager producers;
    private final Broker2Client broker2Client;
    private final MessageStore store;

    public ReplyMessageProcessor(Env env, Supplier<BrokerSettings> settings, SendMessageProcessor sends,
            ProducerManager producers, Broker2Client broker2Client, MessageStore store) {
        this.env = env;
        this.settings = settings;
        this.sends = sends;
        this.producers = producers;
        this.broker2Client = broker2Client;
        this.store = store;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.SEND_REPLY_MESSAGE, (ch, req) -> reply(ch, req, req.decodeHeader(SendMessageRequestHeader.class)))
                .register(RequestCode.SEND_REPLY_MESSAGE_V2, (ch, req) -> reply(ch, req,
                        req.decodeHeader(SendMessageRequestHeaderV2.class).toV1()));
    }

    private void reply(RemotingChannel channel, RemotingCommand request, SendMessageRequestHeader h) {
        BrokerSettings s = settings.get();
        if (!s.isMaster()) {
            error(channel, request, ResponseCode.SERVICE_NOT_AVAILABLE,
                    "the broker[" + s.brokerName() + "] is a slave and does not accept reply messages");
            return;
        }
        TopicConfig topic = sends.checkAndResolveTopic(channel, request, h, s);
        if (topic == null) {
            return;
        }
        if (request.body() == null) {
            error(channel, request, ResponseCode.MESSAGE_ILLEGAL, "the reply message body is empty");
            return;
        }
        byte[] body = request.bodyBytes();
        int queueId = h.queueId() < 0 ? env.random().nextInt(Math.max(1, topic.writeQueueNums())) : h.queueId();
        LinkedHashMap<String, String> properties = MessageProperties.decode(h.properties());
        String requester = properties.get(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT);
        ClientChannelInfo target = requester == null ? null : producers.findByClientId(requester);
        Outcome outcome = new Outcome(channel, request, topic.topicName(), queueId, s);
        if (requester == null) {
            outcome.pushed(false, "reply message properties[" + MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT + "] is null");
        } else if (target == null) {
            env.log().probe("broker-reply-requester-gone");
            outcome.pushed(false, "push reply message fail, channel of <" + requester + "> not found.");
        } else {
            LinkedHashMap<String, String> pushed = new LinkedHashMap<>(properties);
            pushed.put(MessageConst.PROPERTY_PUSH_REPLY_TIME, String.valueOf(env.clock().nowMillis()));
            RemotingCommand push = RemotingCommand.request(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT,
                    pushHeader(h, channel, s, MessageProperties.encode(pushed))).body(body);
            broker2Client.callClient(target, push, ResponseCallback.of(
                    answer -> outcome.pushed(answer.code() == ResponseCode.SUCCESS, "push reply message to " + requester
                            + " fail: " + answer.code() + " " + answer.remark()),
                    failure -> outcome.pushed(false, "push reply message to " + requester + " fail: " + failure)));
        }
        if (!s.values().get(BrokerConfig.STORE_REPLY_MESSAGE_ENABLE)) {
            outcome.stored(null);
            return;
        }
        BrokerMessage message = new BrokerMessage(topic.topicName(), queueId, h.flag(), body, properties,
                h.bornTimestamp(), HostAddress.parse(channel.remoteAddress().toString()), h.sysFlag(),
                h.reconsumeTimes() == null ? 0 : h.reconsumeTimes(), 0);
        store.putMessage(message, outcome::stored);
    }

    private ReplyMessageRequestHeader pushHeader(SendMessageRequestHeader h, RemotingChannel replier, BrokerSettings s,
            String properties) {
        return new ReplyMessageRequestHeader(h.producerGroup(), h.topic(), h.defaultTopic(), h.defaultTopicQueueNums(),
                h.queueId(), h.sysFlag(), h.bornTimestamp(), h.flag(), properties, h.reconsumeTimes(),
                h.unitMode(), HostAddress.parse(replier.remoteAddress().toString()).toString(),
                s.brokerAddr(), env.clock().nowMillis());
    }

    /** Waits for both the push and the stored copy (either may finish first), then answers once. */
    private final class Outcome {
        private final RemotingChannel channel;
        private final RemotingCommand request;
        private final String topic;
        private final int queueId;
        private final BrokerSettings settings;
        private Boolean pushOk;
        private String pushProblem;
        private boolean storeDone;
        private PutMessageResult stored;

        Outcome(RemotingChannel channel, RemotingCommand request, String topic, int queueId, BrokerSettings settings) {
            this.channel = channel;
            this.request = request;
            this.topic = topic;
            this.queueId = queueId;
            this.settings = settings;
        }

        void pushed(boolean ok, String problem) {
            pushOk = ok;
            pushProblem = ok ? null : problem;
            answerWhenDone();
        }

        void stored(PutMessageResult result) {
            storeDone = true;
            stored = result;
            if (result != null && !SendReplies.isStored(result)) {
                env.log().warn("a reply message for topic {} was pushed or refused but not stored ({}): {}", topic,
                        result.status(), result.remark());
            }
            answerWhenDone();
        }

        private void answerWhenDone() {
            if (pushOk == null || !storeDone) {
                return;
            }
            RemotingCommand response = RemotingCommand.response(pushOk ? ResponseCode.SUCCESS : ResponseCode.SYSTEM_ERROR,
                    pushProblem);
            boolean kept = stored != null && SendReplies.isStored(stored) && stored.appendMessageResult() != null;
            response.header(new SendMessageResponseHeader(kept ? String.join(",", stored.appendMessageResult().msgIds())
                    : "0", queueId, kept ? stored.appendMessageResult().logicsOffset() : 0L, null));
            response.addExtField("MSG_REGION", settings.regionId());
            response.addExtField("TRACE_ON", String.valueOf(settings.traceOn()));
            if (pushOk) {
                env.log().probe("broker-reply-pushed");
            }
            channel.reply(request, response);
        }
    }
}
