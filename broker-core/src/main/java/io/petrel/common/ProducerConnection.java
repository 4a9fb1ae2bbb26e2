package io.petrel.common;

import java.util.Set;

/** GET_PRODUCER_CONNECTION_LIST's body. */
public record ProducerConnection(Set<ConnectionInfo> connectionSet) {
}
