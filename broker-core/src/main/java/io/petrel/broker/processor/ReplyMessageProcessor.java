package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.BrokerConfig;
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
 * silence for 10 s) answers SYSTEM_ERROR naming why. Unlike RocketMQ, a refused reply changes nothing:
 * RocketMQ stores it all the same, and since the client retries SYSTEM_ERROR, the reply topic got a copy
 * of every try. Also unlike RocketMQ, the push waits on a callback rather than blocking a thread, the
 * topic checks are those of a send, and a slave refuses replies as it refuses sends. A stored copy
 * that fails after a push is logged (the requester has the reply).
 */
public final class ReplyMessageProcessor {

    private final Env env;
    private final Supplier<BrokerConfig> settings;
    private final SendMessageProcessor sends;
    private final ProducerManager producers;
    private final Broker2Client broker2Client;
    private final MessageStore store;

    public ReplyMessageProcessor(Env env, Supplier<BrokerConfig> settings, SendMessageProcessor sends,
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
        BrokerConfig s = settings.get();
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
        Answer answer = new Answer(channel, request, queueId, s);
        if (requester == null) {
            answer.refused("reply message properties[" + MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT + "] is null");
            return;
        }
        if (target == null) {
            env.log().probe("broker-reply-requester-gone");
            answer.refused("push reply message fail, channel of <" + requester + "> not found.");
            return;
        }
        BrokerMessage message = new BrokerMessage(topic.topicName(), queueId, h.flag(), body, properties,
                h.bornTimestamp(), HostAddress.parse(channel.remoteAddress().toString()), h.sysFlag(),
                h.reconsumeTimes() == null ? 0 : h.reconsumeTimes(), 0);
        LinkedHashMap<String, String> pushed = new LinkedHashMap<>(properties);
        pushed.put(MessageConst.PROPERTY_PUSH_REPLY_TIME, String.valueOf(env.clock().nowMs()));
        RemotingCommand push = RemotingCommand.request(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT,
                pushHeader(h, channel, s, MessageProperties.encode(pushed))).body(body);
        broker2Client.callClient(target, push, ResponseCallback.of(taken -> {
            if (taken.code() != ResponseCode.SUCCESS) {
                answer.refused("push reply message to " + requester + " fail: " + taken.code() + " " + taken.remark());
            } else {
                keep(message, answer, s);
            }
        }, failure -> answer.refused("push reply message to " + requester + " fail: " + failure)));
    }

    /** After a push the requester took: stores the reply (storeReplyMessageEnable) and answers SUCCESS. */
    private void keep(BrokerMessage message, Answer answer, BrokerConfig s) {
        env.log().probe("broker-reply-pushed");
        if (!s.values().get(BrokerConfig.STORE_REPLY_MESSAGE_ENABLE)) {
            answer.delivered(null);
            return;
        }
        store.putMessage(message, result -> {
            if (!SendReplies.isStored(result)) {
                env.log().warn("a reply message for topic {} was pushed to its requester but not stored ({}): {}",
                        message.topic(), result.status(), result.remark());
            }
            answer.delivered(result);
        });
    }

    private ReplyMessageRequestHeader pushHeader(SendMessageRequestHeader h, RemotingChannel replier, BrokerConfig s,
            String properties) {
        return new ReplyMessageRequestHeader(h.producerGroup(), h.topic(), h.defaultTopic(), h.defaultTopicQueueNums(),
                h.queueId(), h.sysFlag(), h.bornTimestamp(), h.flag(), properties, h.reconsumeTimes(),
                h.unitMode(), HostAddress.parse(replier.remoteAddress().toString()).toString(),
                s.brokerAddr(), env.clock().nowMs());
    }

    /** The answer to the replier, with RocketMQ's ext fields. */
    private record Answer(RemotingChannel channel, RemotingCommand request, int queueId, BrokerConfig settings) {

        void refused(String why) {
            send(ResponseCode.SYSTEM_ERROR, why, null);
        }

        void delivered(PutMessageResult stored) {
            send(ResponseCode.SUCCESS, null, stored);
        }

        private void send(int code, String remark, PutMessageResult stored) {
            RemotingCommand response = RemotingCommand.response(code, remark);
            boolean kept = stored != null && SendReplies.isStored(stored) && stored.appendMessageResult() != null;
            response.header(new SendMessageResponseHeader(kept ? String.join(",", stored.appendMessageResult().msgIds())
                    : "0", queueId, kept ? stored.appendMessageResult().logicsOffset() : 0L, null));
            response.addExtField("MSG_REGION", settings.regionId());
            response.addExtField("TRACE_ON", String.valueOf(settings.traceOn()));
            channel.reply(request, response);
        }
    }
}
