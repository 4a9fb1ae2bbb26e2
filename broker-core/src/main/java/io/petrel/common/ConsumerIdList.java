package io.petrel.common;

import java.util.List;

/** GET_CONSUMER_LIST_BY_GROUP's body (RocketMQ's GetConsumerListByGroupResponseBody). */
public record ConsumerIdList(List<String> consumerIdList) {
}
