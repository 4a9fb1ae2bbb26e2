package io.petrel.admin;

import io.petrel.common.TopicConfig;
import java.util.List;

/**
 * What updateTopic did: the config sent, each broker's answer, and for an ordered topic the
 * ORDER_TOPIC_CONFIG value written ({@code brokerName:queues;...}) with each NameServer's answer
 * (both empty for an unordered topic).
 */
public record TopicUpdateResult(TopicConfig config, List<PeerResult<Void>> brokers, String orderConf,
        List<PeerResult<Void>> orderConfWrites) {

    public boolean allOk() {
        return brokers.stream().allMatch(PeerResult::isOk) && orderConfWrites.stream().allMatch(PeerResult::isOk);
    }
}
