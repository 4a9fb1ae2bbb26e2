package io.petrel.client;

import io.petrel.common.message.MessageConst;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message to send (RocketMQ's Message): topic, body, flag and properties. Tags, keys, the delay
 * level and whether to wait for the store are properties under RocketMQ's names.
 */
public class Message {

    private String topic;
    private int flag;
    private byte[] body;
    private final LinkedHashMap<String, String> properties = new LinkedHashMap<>();

    public Message(String topic, byte[] body) {
        this.topic = topic;
        this.body = body;
    }

    public Message(String topic, String tags, String keys, byte[] body) {
        this(topic, body);
        if (tags != null && !tags.isEmpty()) {
            setTags(tags);
        }
        if (keys != null && !keys.isEmpty()) {
            setKeys(keys);
        }
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getFlag() {
        return flag;
    }

    public void setFlag(int flag) {
        this.flag = flag;
    }

    public byte[] getBody() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = body;
    }

    public String getTags() {
        return properties.get(MessageConst.PROPERTY_TAGS);
    }

    public void setTags(String tags) {
        properties.put(MessageConst.PROPERTY_TAGS, tags);
    }

    public String getKeys() {
        return properties.get(MessageConst.PROPERTY_KEYS);
    }

    public void setKeys(String keys) {
        properties.put(MessageConst.PROPERTY_KEYS, keys);
    }

    public void setKeys(Collection<String> keys) {
        setKeys(String.join(MessageConst.KEY_SEPARATOR, keys));
    }

    public int getDelayTimeLevel() {
        String level = properties.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        return level == null ? 0 : Integer.parseInt(level);
    }

    public void setDelayTimeLevel(int level) {
        properties.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, String.valueOf(level));
    }

    public boolean isWaitStoreMsgOK() {
        return !"false".equals(properties.get(MessageConst.PROPERTY_WAIT_STORE_MSG_OK));
    }

    public void setWaitStoreMsgOK(boolean wait) {
        properties.put(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, String.valueOf(wait));
    }

    public String getProperty(String name) {
        return properties.get(name);
    }

    public void putProperty(String name, String value) {
        properties.put(name, value);
    }

    public void removeProperty(String name) {
        properties.remove(name);
    }

    /** A user property; RocketMQ's reserved names are refused. */
    public void putUserProperty(String name, String value) {
        if (ReservedProperties.isReserved(name)) {
            throw new ClientException(-1, "The Property<" + name + "> is used by system, input another please");
        }
        if (name == null || name.isBlank() || value == null || value.isBlank()) {
            throw new ClientException(-1, "The name or value of property can not be null or blank string!");
        }
        properties.put(name, value);
    }

    public String getUserProperty(String name) {
        return properties.get(name);
    }

    /** The properties in insertion order; callers may read but should change them through the setters. */
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public String toString() {
        return "Message{topic=" + topic + ", flag=" + flag + ", properties=" + properties + ", body="
                + (body == null ? 0 : body.length) + "B}";
    }
}
