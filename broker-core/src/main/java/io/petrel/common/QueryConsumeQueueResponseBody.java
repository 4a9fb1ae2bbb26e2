package io.petrel.common;

import java.util.List;

/**
 * QUERY_CONSUME_QUEUE's body (mqadmin queryCq): the asked group's subscription to the topic and its
 * filter data (when a group was asked), the entries read, and the queue's max and min offsets.
 */
public record QueryConsumeQueueResponseBody(SubscriptionData subscriptionData, String filterData,
        List<ConsumeQueueData> queueData, long maxQueueIndex, long minQueueIndex) {
}
