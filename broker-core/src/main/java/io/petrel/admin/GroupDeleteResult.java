package io.petrel.admin;

import java.util.List;

/**
 * What deleteSubGroup did: each broker's answer and, when a whole cluster was named, the removal
 * of the group's retry and dead-letter topics (null when only one broker was named).
 */
public record GroupDeleteResult(String group, List<PeerResult<Void>> brokers, Settled<TopicDeleteResult> retryTopic,
        Settled<TopicDeleteResult> dlqTopic) {

    public boolean allOk() {
        return brokers.stream().allMatch(PeerResult::isOk);
    }
}
