package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.Broker2Client;
import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.MessageQueue;
import io.petrel.common.MqVersion;
import io.petrel.common.ResetOffsetBody;
import io.petrel.common.TopicConfig;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.ResetOffsetRequestHeader;
import io.petrel.store.MessageStore;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (mqadmin resetOffsetByTime, RocketMQ's
 * {@code Broker2Client.resetOffset}): for every write queue of the topic the broker finds the
 * offset of the timestamp (-1: the queue's end), keeps the group's own offset when it is already
 * earlier unless {@code isForce}, sends the table to every online member of the group as
 * RESET_CONSUMER_CLIENT_OFFSET (oneway; each client then commits it), and answers with the table.
 * An unknown topic or group, or a group with no member online (CONSUMER_NOT_ONLINE, which makes
 * mqadmin fall back to updating the offsets itself), is refused before anything is sent.
 */
public final class ResetOffsetProcessor {

    private final Supplier<String> brokerName;
    private final TopicConfigManager topics;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final MessageStore store;
    private final Broker2Client broker2Client;

    public ResetOffsetProcessor(Supplier<String> brokerName, TopicConfigManager topics, ConsumerOffsetManager offsets,
            ConsumerManager consumers, MessageStore store, Broker2Client broker2Client) {
        this.brokerName = brokerName;
        this.topics = topics;
        this.offsets = offsets;
        this.consumers = consumers;
        this.store = store;
        this.broker2Client = broker2Client;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, this::resetOffset);
    }

    private void resetOffset(RemotingChannel channel, RemotingCommand request) {
        ResetOffsetRequestHeader h = request.decodeHeader(ResetOffsetRequestHeader.class);
        TopicConfig topic = topics.get(h.topic());
        if (topic == null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR,
                    "[reset-offset] reset offset failed, no topic in this broker. topic=" + h.topic());
            return;
        }
        TreeMap<MessageQueue, Long> table = new TreeMap<>();
        for (int q = 0; q < topic.writeQueueNums(); q++) {
            long consumerOffset = offsets.query(h.group(), h.topic(), q);
            if (consumerOffset == -1) {
                error(channel, request, ResponseCode.SYSTEM_ERROR, "THe consumer group <" + h.group() + "> not exist");
                return;
            }
            long target = h.timestamp() == -1 ? store.getMaxOffsetInQueue(h.topic(), q)
                    : store.getOffsetInQueueByTime(h.topic(), q, h.timestamp());
            target = Math.max(0, target);
            table.put(new MessageQueue(h.topic(), brokerName.get(), q), h.isForce() || target < consumerOffset ? target : consumerOffset);
        }
        ConsumerGroupInfo group = consumers.group(h.group());
        if (group == null || group.isEmpty()) {
            error(channel, request, ResponseCode.CONSUMER_NOT_ONLINE, String.format(Locale.ROOT,
                    "Consumer not online, so can not reset offset, Group: %s Topic: %s Timestamp: %d",
                    h.group(), h.topic(), h.timestamp()));
            return;
        }
        for (ClientChannelInfo member : group.channels()) {
            if (member.version() < ConsumerAdminProcessor.MIN_VERSION_STATUS) {
                error(channel, request, ResponseCode.SYSTEM_ERROR, "the client does not support this feature. version="
                        + MqVersion.describe(member.version()));
                return;
            }
        }
        broker2Client.resetOffset(group.channels(), h.topic(), h.group(), h.timestamp(), h.isForce(), table);
        Replies.ok(channel, request, new ResetOffsetBody(table));
    }
}
