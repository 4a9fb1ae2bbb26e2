package io.petrel.admin;

import java.util.List;

/** What deleteTopic did: each master's answer, then each NameServer's. */
public record TopicDeleteResult(String topic, String cluster, List<PeerResult<Void>> brokers,
        List<PeerResult<Void>> namesrvs) {

    public boolean allOk() {
        return brokers.stream().allMatch(PeerResult::isOk) && namesrvs.stream().allMatch(PeerResult::isOk);
    }
}
