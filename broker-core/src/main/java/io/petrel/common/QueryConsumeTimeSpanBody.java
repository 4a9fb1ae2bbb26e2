package io.petrel.common;

import java.util.List;

/** QUERY_CONSUME_TIME_SPAN's body: one {@link QueueTimeSpan} per write queue of the topic. */
public record QueryConsumeTimeSpanBody(List<QueueTimeSpan> consumeTimeSpanSet) {

    public QueryConsumeTimeSpanBody {
        consumeTimeSpanSet = consumeTimeSpanSet == null ? List.of() : List.copyOf(consumeTimeSpanSet);
    }
}
