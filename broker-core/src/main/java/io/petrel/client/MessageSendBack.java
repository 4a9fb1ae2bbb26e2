package io.petrel.client;

import io.petrel.common.MixAll;
import java.util.function.Consumer;

/**
 * Returning a message the listener could not consume (RocketMQ's sendMessageBack): first
 * CONSUMER_SEND_MSG_BACK to the broker that stored it; if that fails, the client itself sends a
 * copy to the group's retry topic through the instance's inner producer, with the original topic,
 * id and reconsume count in properties, so the broker still counts retries and ends in the DLQ.
 */
final class MessageSendBack {

    private final ClientInstance instance;
    private final ConsumerProxy proxy;
    private final String group;
    private final SendBackListener listener;

    MessageSendBack(ClientInstance instance, ConsumerProxy proxy, String group, SendBackListener listener) {
        this.instance = instance;
        this.proxy = proxy;
        this.group = group;
        this.listener = listener;
    }

    /** {@code done} gets whether the message is safely back on a broker. */
    void sendBack(MessageExt message, int delayLevel, int maxReconsumeTimes, Consumer<Boolean> done) {
        proxy.sendBack(message, group, delayLevel, maxReconsumeTimes, (ok, error) -> {
            if (ok) {
                listener.onSentBack(message, null);
                done.accept(true);
                return;
            }
            instance.env().log().probe("client-sendback-fallback");
            instance.env().log().warn("sendMessageBack of {} failed ({}); sending it to {} directly", message.getMsgId(),
                    error == null ? "?" : error.getMessage(), MixAll.retryTopic(group));
            sendToRetryTopic(message, 3 + message.getReconsumeTimes(), maxReconsumeTimes, done);
        });
    }

    /**
     * Sends a copy to {@code %RETRY%group} carrying {@code reconsumeTimes + 1}; the broker moves it
     * to the DLQ when that reaches {@code maxReconsumeTimes}.
     */
    void sendToRetryTopic(MessageExt message, int delayLevel, int maxReconsumeTimes, Consumer<Boolean> done) {
        Message copy = new Message(MixAll.retryTopic(group), message.getBody());
        message.getProperties().forEach(copy::putProperty);
        if (copy.getProperty(RetryProperties.RETRY_TOPIC) == null) {
            copy.putProperty(RetryProperties.RETRY_TOPIC, message.getTopic());
        }
        if (copy.getProperty(RetryProperties.ORIGIN_MESSAGE_ID) == null) {
            copy.putProperty(RetryProperties.ORIGIN_MESSAGE_ID, message.getMsgId());
        }
        copy.removeProperty("MIN_OFFSET");
        copy.removeProperty("MAX_OFFSET");
        copy.setFlag(message.getFlag());
        copy.putProperty(RetryProperties.RECONSUME_TIME, String.valueOf(message.getReconsumeTimes() + 1));
        copy.putProperty(RetryProperties.MAX_RECONSUME_TIMES, String.valueOf(maxReconsumeTimes));
        if (delayLevel > 0) {
            copy.setDelayTimeLevel(delayLevel);
        } else {
            copy.removeProperty("DELAY");
        }
        listener.onSentBack(message, copy);
        instance.innerProducer().send(copy, new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                done.accept(true);
            }

            @Override
            public void onException(ClientException e) {
                instance.env().log().warn("could not return {} to {}: {}", message.getMsgId(), MixAll.retryTopic(group),
                        e.getMessage());
                done.accept(false);
            }
        });
    }
}
