package io.petrel.client;

import io.petrel.common.BodyException;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.FastjsonBodies;
import io.petrel.common.GetConsumerStatusBody;
import io.petrel.common.ResetOffsetBody;
import io.petrel.common.Sabotage;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageFormatException;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetConsumerRunningInfoRequestHeader;
import io.petrel.remoting.header.AdminHeaders.GetConsumerStatusRequestHeader;
import io.petrel.remoting.header.AdminHeaders.ResetOffsetRequestHeader;
import io.petrel.remoting.header.ClientCallHeaders.ConsumeMessageDirectlyResultRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.NotifyConsumerIdsChangedRequestHeader;
import io.petrel.remoting.header.TransactionHeaders.CheckTransactionStateRequestHeader;
import java.nio.ByteBuffer;
import java.util.TreeMap;

/**
 * Requests brokers send to this client on its own connections: NOTIFY_CONSUMER_IDS_CHANGED
 * (rebalance now), GET_CONSUMER_RUNNING_INFO (mqadmin consumerStatus), GET_CONSUMER_STATUS_FROM_CLIENT
 * RESET_CONSUMER_CLIENT_OFFSET (mqadmin resetOffsetByTime) and CONSUME_MESSAGE_DIRECTLY (an
 * admin has the listener consume one stored message now) and CHECK_TRANSACTION_STATE (how did a
 * transactional producer's local transaction end). Unknown codes get
 * REQUEST_CODE_NOT_SUPPORTED from the dispatcher. Headers are RocketMQ's public header records: the
 * dispatcher's decoder builds them by reflection, which a record private to this package defeats (the
 * frame fuzzer found RESET_CONSUMER_CLIENT_OFFSET failing that way on every request).
 */
final class ClientRequestProcessor {

    private final Env env;
    private final ClientInstance instance;

    ClientRequestProcessor(Env env, ClientInstance instance) {
        this.env = env;
        this.instance = instance;
    }

    void registerWith(RequestDispatcher d) {
        d.register(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, this::onIdsChanged)
                .register(RequestCode.GET_CONSUMER_RUNNING_INFO, this::runningInfo)
                .register(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, this::consumerStatus)
                .register(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, this::resetOffset)
                .register(RequestCode.CONSUME_MESSAGE_DIRECTLY, this::consumeDirectly)
                .register(RequestCode.CHECK_TRANSACTION_STATE, this::checkTransactionState);
    }

    /** CONSUME_MESSAGE_DIRECTLY's answer (RocketMQ's ConsumeMessageDirectlyResult). */
    record ConsumeMessageDirectlyResult(boolean order, boolean autoCommit, String consumeResult, String remark,
            long spentTimeMills) {
    }

    private void consumeDirectly(RemotingChannel channel, RemotingCommand request) {
        ConsumeMessageDirectlyResultRequestHeader h = request.decodeHeader(ConsumeMessageDirectlyResultRequestHeader.class);
        ConsumerMember consumer = instance.consumers().get(h.consumerGroup());
        if (consumer == null || request.bodyBytes() == null) {
            Replies.error(channel, request, ResponseCode.SYSTEM_ERROR, consumer == null
                    ? "The Consumer Group <" + h.consumerGroup() + "> not exist in this consumer" : "no message in the request");
            return;
        }
        MessageExt message;
        String[] unreadable = {null};
        try {
            String brokerName = h.brokerName() != null ? h.brokerName() : request.extField("brokerName");
            // A body that does not inflate is the sender's mistake here, refused with why, not logged as ERROR.
            message = PulledMessages.toMessage(StoredMessage.decode(ByteBuffer.wrap(request.bodyBytes()), 0, true),
                    brokerName, problem -> unreadable[0] = problem);
        } catch (MessageFormatException e) {
            Replies.error(channel, request, ResponseCode.SYSTEM_ERROR, "the message does not decode: " + e.getMessage());
            return;
        }
        if (message == null) {
            Replies.error(channel, request, ResponseCode.SYSTEM_ERROR,
                    "the message body cannot be read: " + unreadable[0]);
            return;
        }
        long startNanos = env.clock().nanoTime();
        consumer.consumeDirectly(message, (result, remark) -> {
            if (result == null) {
                Replies.error(channel, request, ResponseCode.SYSTEM_ERROR, remark);
                return;
            }
            Replies.ok(channel, request, new ConsumeMessageDirectlyResult(false, true, result, remark,
                    (env.clock().nanoTime() - startNanos) / 1_000_000L));
        });
    }

    /**
     * CHECK_TRANSACTION_STATE (oneway): the body is the half message with its real topic; the producer
     * of the group in its PGROUP answers with END_TRANSACTION. A message that does not decode, or a
     * group with no producer here, is logged and dropped: the broker asks again at its next round.
     */
    private void checkTransactionState(RemotingChannel channel, RemotingCommand request) {
        CheckTransactionStateRequestHeader h = request.decodeHeader(CheckTransactionStateRequestHeader.class);
        if (request.bodyBytes() == null) {
            env.log().warn("broker {} asked about transaction {} without the message", channel.remoteAddress(),
                    h.transactionId());
            return;
        }
        MessageExt message;
        String[] unreadable = {null};
        try {
            // A body that does not inflate is the sender's mistake, logged at WARN, as a bad decode is.
            message = PulledMessages.toMessage(StoredMessage.decode(ByteBuffer.wrap(request.bodyBytes()), 0, true),
                    h.bname(), problem -> unreadable[0] = problem);
        } catch (MessageFormatException e) {
            unreadable[0] = "it does not decode: " + e.getMessage();
            message = null;
        }
        if (message == null) {
            env.log().warn("broker {} asked about transaction {} with a message that cannot be read: {}",
                    channel.remoteAddress(), h.transactionId(), unreadable[0]);
            return;
        }
        String group = message.getProperty(MessageConst.PROPERTY_PRODUCER_GROUP);
        Producer producer = group == null ? null : instance.producers().get(group);
        if (producer == null) {
            env.log().debug("broker {} asked about transaction {} of group {}, which has no producer here",
                    channel.remoteAddress(), h.transactionId(), group);
            return;
        }
        String transactionId = h.transactionId() != null ? h.transactionId()
                : message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        producer.checkTransactionState(channel.remoteAddress().toString(), message, h.tranStateTableOffset(),
                h.commitLogOffset(), transactionId);
    }

    private void onIdsChanged(RemotingChannel channel, RemotingCommand request) {
        String group = request.decodeHeader(NotifyConsumerIdsChangedRequestHeader.class).consumerGroup();
        ConsumerMember consumer = instance.consumers().get(group);
        if (consumer != null) {
            env.log().debug("broker {} says group {} changed; rebalancing now", channel.remoteAddress(), group);
            consumer.rebalance();
        }
    }

    private void runningInfo(RemotingChannel channel, RemotingCommand request) {
        String group = request.decodeHeader(GetConsumerRunningInfoRequestHeader.class).consumerGroup();
        ConsumerMember consumer = instance.consumers().get(group);
        if (consumer == null) {
            Replies.error(channel, request, ResponseCode.SYSTEM_ERROR,
                    "The Consumer Group <" + group + "> not exist in this consumer");
            return;
        }
        ConsumerRunningInfo info = consumer.runningInfo();
        Replies.ok(channel, request, info);
    }

    private void consumerStatus(RemotingChannel channel, RemotingCommand request) {
        GetConsumerStatusRequestHeader h = request.decodeHeader(GetConsumerStatusRequestHeader.class);
        ConsumerMember consumer = instance.consumers().get(h.group());
        GetConsumerStatusBody body = new GetConsumerStatusBody(
                consumer == null ? new TreeMap<>() : consumer.consumeOffsets(h.topic()), null);
        Replies.ok(channel, request, body);
    }

    private void resetOffset(RemotingChannel channel, RemotingCommand request) {
        if (instance.config().sabotage().contains(Sabotage.CLIENT_RESET_APPLIED_BEFORE_HEADER_CHECK)) {
            // SABOTAGE (tests only): the body is applied before the header is known to be whole.
            reset(channel, request, request.extField("group"), request.extField("topic"));
        }
        ResetOffsetRequestHeader h = request.decodeHeader(ResetOffsetRequestHeader.class);
        reset(channel, request, h.group(), h.topic());
    }

    private void reset(RemotingChannel channel, RemotingCommand request, String group, String topic) {
        ConsumerMember consumer = group == null ? null : instance.consumers().get(group);
        if (consumer == null || topic == null || request.bodyBytes() == null) {
            return;
        }
        try {
            ResetOffsetBody body = FastjsonBodies.read(request.bodyBytes(), ResetOffsetBody.class);
            env.log().info("broker {} resets the offsets of group {} topic {} to {}", channel.remoteAddress(), group,
                    topic, body.offsetTable());
            consumer.resetOffsets(topic, body.offsetTable());
        } catch (BodyException e) {
            env.log().warn("ignoring a reset-offset request with a bad body from {}: {}", channel.remoteAddress(), e.getMessage());
        }
    }
}
