package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/**
 * Headers of the requests a broker makes of a client: admin requests forwarded to a consumer
 * (docs/protocol.md §3.8) and replies pushed to the producer that asked (§3.9).
 */
public final class ClientCallHeaders {

    private ClientCallHeaders() {
    }

    /** CONSUME_MESSAGE_DIRECTLY (309): which client should consume which message (an offsetMsgId). */
    public record ConsumeMessageDirectlyResultRequestHeader(@Required String consumerGroup, String clientId,
            String msgId, String brokerName) {
    }

    /**
     * PUSH_REPLY_MESSAGE_TO_CLIENT (326): a reply message as the replier sent it (its send header's
     * fields, properties with PUSH_REPLY_TIME added) with the replier's address ({@code bornHost}) and the
     * broker's ({@code storeHost}), both {@code ip:port}; the body is the reply's body.
     */
    public record ReplyMessageRequestHeader(@Required String producerGroup, @Required String topic,
            @Required String defaultTopic, @Required Integer defaultTopicQueueNums, @Required Integer queueId,
            @Required Integer sysFlag, @Required Long bornTimestamp, @Required Integer flag, String properties,
            Integer reconsumeTimes, Boolean unitMode, @Required String bornHost, @Required String storeHost,
            @Required Long storeTimestamp) {
    }
}
