package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/** Headers of SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320) and their response. */
public final class SendHeaders {

    private SendHeaders() {
    }

    /**
     * SEND_MESSAGE_V2's header: RocketMQ's one-letter field names keep the frame small. {@link #toV1}
     * gives the long-named form the broker works with.
     */
    public record SendMessageRequestHeaderV2(@Required String a, @Required String b, @Required String c,
            @Required Integer d, @Required Integer e, @Required Integer f, @Required Long g, @Required Integer h,
            String i, Integer j, boolean k, Integer l, boolean m, String n) {

        public SendMessageRequestHeader toV1() {
            return new SendMessageRequestHeader(a, b, c, d, e, f, g, h, i, j, k, l, m, n);
        }

        public static SendMessageRequestHeaderV2 fromV1(SendMessageRequestHeader v1) {
            return new SendMessageRequestHeaderV2(v1.producerGroup(), v1.topic(), v1.defaultTopic(),
                    v1.defaultTopicQueueNums(), v1.queueId(), v1.sysFlag(), v1.bornTimestamp(), v1.flag(),
                    v1.properties(), v1.reconsumeTimes(), v1.unitMode(), v1.maxReconsumeTimes(), v1.batch(), v1.bname());
        }
    }

    /** SEND_MESSAGE's header (and the broker's view of every send). */
    public record SendMessageRequestHeader(@Required String producerGroup, @Required String topic,
            @Required String defaultTopic, @Required Integer defaultTopicQueueNums, @Required Integer queueId,
            @Required Integer sysFlag, @Required Long bornTimestamp, @Required Integer flag, String properties,
            Integer reconsumeTimes, boolean unitMode, Integer maxReconsumeTimes, boolean batch, String bname) {
    }

    /** Every field but transactionId is required by the client. */
    public record SendMessageResponseHeader(@Required String msgId, @Required Integer queueId,
            @Required Long queueOffset, String transactionId) {
    }
}
