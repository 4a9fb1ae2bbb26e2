package io.petrel.common;

import java.util.Map;

/** A broker's topics and their version: the register body's core and topics.json's shape. */
public record TopicConfigSerializeWrapper(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion) {
}
