package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicFilterType;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetTopicConfigRequestHeader;
import java.util.Map;
import java.util.TreeMap;

/**
 * GET_TOPIC_CONFIG (351), a RocketMQ 5.x request a 4.9 broker answers REQUEST_CODE_NOT_SUPPORTED.
 * rocketmq-dashboard 2.x sends it through its 5.x tools before a topic's status, its config, a test
 * send and every consumer group's statistics, so against 4.9 those pages fail
 * (apache/rocketmq-dashboard#173); Petrel answers it as 5.x does: the topic's config as
 * {@code TopicConfigAndQueueMapping} JSON (no attributes, no static-topic mapping: Petrel has no
 * static topics, so {@code lo=true} finds none), or TOPIC_NOT_EXIST naming the topic.
 */
public final class TopicConfigProcessor {

    private final TopicConfigManager topics;

    public TopicConfigProcessor(TopicConfigManager topics) {
        this.topics = topics;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_TOPIC_CONFIG, this::topicConfig);
    }

    private void topicConfig(RemotingChannel channel, RemotingCommand request) {
        GetTopicConfigRequestHeader h = request.decodeHeader(GetTopicConfigRequestHeader.class);
        TopicConfig c = topics.get(h.topic());
        if (c == null) {
            error(channel, request, ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker. topic: " + h.topic());
            return;
        }
        Replies.ok(channel, request, new TopicConfigAndQueueMapping(c.topicName(), c.readQueueNums(), c.writeQueueNums(),
                c.perm(), c.topicFilterType(), c.topicSysFlag(), c.order(), new TreeMap<>()));
    }

    /** 5.x's body: TopicConfig's fields and its attributes (mappingDetail is left out when null, as fastjson does). */
    record TopicConfigAndQueueMapping(String topicName, int readQueueNums, int writeQueueNums, int perm,
            TopicFilterType topicFilterType, int topicSysFlag, boolean order, Map<String, String> attributes) {
    }
}
