package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetTopicConfigRequestHeader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GET_TOPIC_CONFIG (351, RocketMQ 5.x), which rocketmq-dashboard 2.x sends: the body has 5.x's
 * {@code TopicConfigAndQueueMapping} field names, an unknown topic is TOPIC_NOT_EXIST (the one code the
 * 5.x tools' {@code examineTopicConfigFromRoute} passes over).
 */
class TopicConfigRequestSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aTopicsConfigIsAnsweredInRocketMq5sLayout() {
        f = BrokerFixture.start(1801, Map.of(), BROKER);
        f.createTopic(BROKER, "Dash", 3);
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG,
                new GetTopicConfigRequestHeader("Dash", true)));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        // Fields sorted by name, as fastjson writes them.
        assertThat(new String(r.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"attributes\":{},\"order\":false,"
                + "\"perm\":6,\"readQueueNums\":3,\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":\"Dash\","
                + "\"topicSysFlag\":0,\"writeQueueNums\":3}");

        RemotingCommand unknown = f.call(BROKER, RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG,
                new GetTopicConfigRequestHeader("NoSuchTopic", null)));
        assertThat(unknown.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(unknown.remark()).isEqualTo("No topic in this broker. topic: NoSuchTopic");
    }
}
