package io.petrel.store.commitlog;

import io.petrel.common.message.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message checked and rewritten for storing, before it has offsets: final topic and queue (after the
 * delay rewrite), encoded topic and property bytes, SYSFLAG with the host bits, its record size, and
 * what dispatch needs from its properties (tags, keys, unique key, clamped delay level). Made by
 * {@link MessageEncoder#prepare}; written by {@link CommitLog}.
 */
public record PreparedMessage(
        BrokerMessage source,
        String topic,
        int queueId,
        byte[] topicBytes,
        byte[] propertiesBytes,
        int sysFlag,
        int size,
        boolean waitStoreMsgOk,
        int delayLevel,
        String tags,
        String keys,
        String uniqKey) {

    public TopicQueue topicQueue() {
        return new TopicQueue(topic, queueId);
    }

    /** The stored properties, decoded (for diagnostics and tests; the hot path never needs them). */
    public Map<String, String> properties() {
        return MessageProperties.decode(new String(propertiesBytes, StandardCharsets.UTF_8));
    }

    /** How many index keys this message adds: UNIQ_KEY plus each KEYS value. */
    public int indexKeyCount() {
        int count = uniqKey == null ? 0 : 1;
        if (keys != null && !keys.isEmpty()) {
            count++;
            for (int i = 0; i < keys.length(); i++) {
                if (keys.charAt(i) == ' ') {
                    count++;
                }
            }
        }
        return count;
    }
}
