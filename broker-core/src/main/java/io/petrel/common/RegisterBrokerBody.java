package io.petrel.common;

import java.util.List;

/** What a broker sends to register: its topics with their version, and its filter servers (unused). */
public record RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper, List<String> filterServerList) {
}
