package io.petrel.common;

import java.util.Set;

/** A set of topic names; {@code brokerAddr} is set only for system-topic answers. */
public record TopicList(Set<String> topicList, String brokerAddr) {
}
