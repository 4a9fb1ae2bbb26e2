package io.petrel.store.commitlog;

import io.petrel.store.format.HostAddress;
import java.util.Map;

/**
 * A message checked and rewritten for storing, before it has offsets: final topic and queue (after the
 * delay rewrite), encoded topic and property bytes, SYSFLAG with the host bits, and its record size.
 * Made by {@link MessageEncoder#prepare}; written by {@link CommitLog}.
 */
public record PreparedMessage(
        BrokerMessage source,
        String topic,
        int queueId,
        byte[] topicBytes,
        Map<String, String> properties,
        byte[] propertiesBytes,
        int sysFlag,
        int size,
        boolean waitStoreMsgOk) {

    public TopicQueue topicQueue() {
        return new TopicQueue(topic, queueId);
    }

    public HostAddress bornHost() {
        return source.bornHost();
    }

    public int bodyLength() {
        return source.body().length;
    }
}
