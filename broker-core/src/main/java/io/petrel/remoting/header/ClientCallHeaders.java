package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/** Headers of the admin requests a broker forwards to a consumer (docs/protocol.md §3.8). */
public final class ClientCallHeaders {

    private ClientCallHeaders() {
    }

    /** CONSUME_MESSAGE_DIRECTLY (309): which client should consume which message (an offsetMsgId). */
    public record ConsumeMessageDirectlyResultRequestHeader(@Required String consumerGroup, String clientId,
            String msgId, String brokerName) {
    }
}
