package io.petrel.admin;

import io.petrel.common.message.MessageConst;
import io.petrel.common.message.StoredMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message as the admin commands show it: the stored record, its properties in stored order,
 * its body uncompressed, and the broker it was read from when known (null for a message viewed
 * by id). {@link #msgId()} is the client id (UNIQ_KEY) when present, else the offsetMsgId, as
 * RocketMQ's client reports it.
 */
public record AdminMessage(StoredMessage stored, Map<String, String> properties, byte[] body, String brokerName) {

    public AdminMessage {
        properties = new LinkedHashMap<>(properties);
    }

    public String msgId() {
        String uniq = properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return uniq != null ? uniq : offsetMsgId();
    }

    public String offsetMsgId() {
        return stored.offsetMsgId();
    }

    public String topic() {
        return stored.topic();
    }

    /** TAGS, or null. */
    public String tags() {
        return properties.get(MessageConst.PROPERTY_TAGS);
    }

    /** KEYS (space separated), or null. */
    public String keys() {
        return properties.get(MessageConst.PROPERTY_KEYS);
    }

    /** Whether {@code key} is one of the message's keys. */
    public boolean hasKey(String key) {
        String keys = keys();
        if (keys == null) {
            return false;
        }
        for (String k : keys.split(MessageConst.KEY_SEPARATOR)) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }
}
