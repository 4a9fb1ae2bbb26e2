package io.petrel.common;

import java.util.Set;

/** QUERY_TOPIC_CONSUME_BY_WHO's body. */
public record GroupList(Set<String> groupList) {
}
