package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.Broker2Client;
import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.common.GetConsumerStatusBody;
import io.petrel.common.MqVersion;
import io.petrel.common.message.MessageId;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingFailure;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetConsumerRunningInfoRequestHeader;
import io.petrel.remoting.header.AdminHeaders.GetConsumerStatusRequestHeader;
import io.petrel.remoting.header.ClientCallHeaders.ConsumeMessageDirectlyResultRequestHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.file.SelectMappedBufferResult;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The admin requests a broker answers by asking its consumers (RocketMQ's {@code callConsumer}
 * and {@code getConsumerStatus}): GET_CONSUMER_RUNNING_INFO and CONSUME_MESSAGE_DIRECTLY are
 * forwarded to the one client with the same ext fields and body, and the client's answer is
 * returned as it came (code, remark, ext fields, body byte for byte); a client that does not
 * answer within 10 s gives CONSUME_MSG_TIMEOUT. INVOKE_BROKER_TO_GET_CONSUMER_STATUS asks every
 * member (GET_CONSUMER_STATUS_FROM_CLIENT) and answers their offsets by client id. The waiting
 * happens in callbacks on the broker's loop, never by blocking it. Offset resets are in
 * {@link ResetOffsetProcessor}.
 */
public final class ConsumerAdminProcessor {

    /** RocketMQ's V3_1_8_SNAPSHOT: older clients cannot answer 307/309. */
    static final int MIN_VERSION_CALL_CLIENT = ordinal("V3_1_8_SNAPSHOT");
    /** RocketMQ's V3_0_7_SNAPSHOT: older clients cannot answer 221 or take a reset. */
    static final int MIN_VERSION_STATUS = ordinal("V3_0_7_SNAPSHOT");

    private final Supplier<String> brokerName;
    private final ConsumerManager consumers;
    private final MessageStore store;
    private final Broker2Client broker2Client;

    public ConsumerAdminProcessor(Supplier<String> brokerName, ConsumerManager consumers, MessageStore store,
            Broker2Client broker2Client) {
        this.brokerName = brokerName;
        this.consumers = consumers;
        this.store = store;
        this.broker2Client = broker2Client;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_CONSUMER_RUNNING_INFO, this::runningInfo)
                .register(RequestCode.CONSUME_MESSAGE_DIRECTLY, this::consumeDirectly)
                .register(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, this::consumerStatus);
    }

    static int ordinal(String versionName) {
        for (int i = 0; i < 1_000; i++) {
            if (MqVersion.describe(i).equals(versionName)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown version " + versionName);
    }

    private void runningInfo(RemotingChannel channel, RemotingCommand request) {
        GetConsumerRunningInfoRequestHeader h = request.decodeHeader(GetConsumerRunningInfoRequestHeader.class);
        callConsumer(channel, request, RequestCode.GET_CONSUMER_RUNNING_INFO, h.consumerGroup(), h.clientId());
    }

    private void consumeDirectly(RemotingChannel channel, RemotingCommand request) {
        ConsumeMessageDirectlyResultRequestHeader h = request.decodeHeader(ConsumeMessageDirectlyResultRequestHeader.class);
        SelectMappedBufferResult message;
        try {
            message = store.selectOneMessageByOffset(MessageId.decodeMessageId(h.msgId()).commitLogOffset());
        } catch (IllegalArgumentException e) {
            message = null;
        }
        if (message == null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "can not find message by the msgId, " + h.msgId());
            return;
        }
        byte[] body = new byte[message.size()];
        message.byteBuffer().duplicate().get(body);
        message.release();
        request.addExtField("brokerName", brokerName.get());
        request.body(body);
        callConsumer(channel, request, RequestCode.CONSUME_MESSAGE_DIRECTLY, h.consumerGroup(), h.clientId());
    }

    private void callConsumer(RemotingChannel channel, RemotingCommand request, int code, String group, String clientId) {
        ConsumerGroupInfo info = consumers.group(group);
        ClientChannelInfo client = info == null ? null : info.channelOf(clientId);
        if (client == null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "The Consumer <" + group + "> <" + clientId + "> not online");
            return;
        }
        if (client.version() < MIN_VERSION_CALL_CLIENT) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "The Consumer <" + clientId + "> Version <"
                    + MqVersion.describe(client.version()) + "> too low to finish, please upgrade it to V3_1_8_SNAPSHOT");
            return;
        }
        RemotingCommand forward = RemotingCommand.request(code, null)
                .extFields(request.extFields() == null ? null : new LinkedHashMap<>(request.extFields())).body(request.body());
        broker2Client.callClient(client, forward, ResponseCallback.of(answer -> channel.reply(request, answer),
                failure -> channel.reply(request, failed(group, clientId, failure))));
    }

    private static RemotingCommand failed(String group, String clientId, RemotingFailure failure) {
        if (failure.kind() == RemotingFailure.Kind.TIMEOUT) {
            return RemotingCommand.response(ResponseCode.CONSUME_MSG_TIMEOUT,
                    "consumer <" + group + "> <" + clientId + "> Timeout: " + failure.message());
        }
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                "invoke consumer <" + group + "> <" + clientId + "> Exception: " + failure);
    }

    private void consumerStatus(RemotingChannel channel, RemotingCommand request) {
        GetConsumerStatusRequestHeader h = request.decodeHeader(GetConsumerStatusRequestHeader.class);
        ConsumerGroupInfo info = consumers.group(h.group());
        if (info == null || info.isEmpty()) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "No Any Consumer online in the consumer group: [" + h.group() + "]");
            return;
        }
        for (ClientChannelInfo member : info.channels()) {
            if (member.version() < MIN_VERSION_STATUS) {
                error(channel, request, ResponseCode.SYSTEM_ERROR, "the client does not support this feature. version="
                        + MqVersion.describe(member.version()));
                return;
            }
        }
        broker2Client.consumerStatus(info.channels(), h.topic(), h.group(), h.clientAddr(),
                table -> Replies.ok(channel, request, new GetConsumerStatusBody(new TreeMap<>(), table)));
    }
}
