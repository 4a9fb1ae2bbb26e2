package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.DataVersion;
import io.petrel.common.TopicConfig;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.AdminHeaders.DeleteTopicRequestHeader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad sends and pulls answer with RocketMQ's code and a remark naming the problem, and store
 * nothing; auto-created topics take the default topic's queue count; the system topics RocketMQ's
 * clients and tools expect exist from the start.
 */
class BrokerBadInputSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private RemotingCommand send(String topic, String body, Map<String, String> properties) {
        return f.call(BROKER, BrokerSimTest.sendRequest(topic, 0, body, properties));
    }

    /** Runs a refused request and checks its code and remark and that the commit log did not grow. */
    private void refused(RemotingCommand request, int code, String... remarkParts) {
        long commitLogEnd = f.broker(BROKER).store().getMaxPhyOffset();
        RemotingCommand r = f.call(BROKER, request);
        assertThat(r.code()).as(r.remark()).isEqualTo(code);
        assertThat(r.remark()).contains(remarkParts);
        assertThat(f.broker(BROKER).store().getMaxPhyOffset()).as("nothing stored").isEqualTo(commitLogEnd);
    }

    @Test
    void everyBadSendAndPullIsNamedInItsRemarkAndStoresNothing() {
        f = BrokerFixture.start(1101, Map.of("maxMessageSize", "4096"), BROKER);
        RemotingCommand ro = f.call(BROKER, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader("ReadOnly", "TBW102", 1, 1, 4, "SINGLE_TAG", 0, false)));
        assertThat(ro.code()).isEqualTo(ResponseCode.SUCCESS);
        f.createTopic(BROKER, "Limits", 1);
        f.send(BROKER, "Limits", 0, "kept", Map.of());

        refused(BrokerSimTest.sendRequest("ReadOnly", 0, "x", Map.of()), ResponseCode.NO_PERMISSION,
                "the topic[ReadOnly] sending message is forbidden");
        refused(BrokerSimTest.sendRequest("Limits", 0, "x".repeat(5000), Map.of()), ResponseCode.MESSAGE_ILLEGAL,
                "message body of 5000 bytes exceeds maxMessageSize 4096");
        refused(BrokerSimTest.sendRequest("Limits", 0, "x", Map.of("fat", "p".repeat(40_000))), ResponseCode.MESSAGE_ILLEGAL,
                "properties of", "exceed the format's limit of 32767");
        refused(BrokerSimTest.pullRequest("CG", "Limits", 0, 0, "||", false, 0), ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                "parse the consumer's subscription[||] failed");
        refused(BrokerSimTest.sendRequest("bad topic!", 0, "x", Map.of()), ResponseCode.SYSTEM_ERROR,
                "the specified topic[bad topic!] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
        refused(BrokerSimTest.sendRequest("t".repeat(128), 0, "x", Map.of()), ResponseCode.SYSTEM_ERROR,
                "the specified topic is longer than topic max length 127");

        assertThat(f.maxOffset(BROKER, "Limits", 0)).isEqualTo(1);
        assertThat(f.maxOffset(BROKER, "ReadOnly", 0)).isZero();
        assertThat(f.broker(BROKER).topics().contains("bad topic!")).isFalse();
        assertThat(f.broker(BROKER).topics().contains("t".repeat(128))).isFalse();
        assertThat(send("t".repeat(127), "x", Map.of()).code()).as("127 characters is the limit").isEqualTo(ResponseCode.SUCCESS);
    }

    /** RocketMQ validates the topic of UPDATE_AND_CREATE_TOPIC and DELETE_TOPIC_IN_BROKER (TopicValidator.validateTopic). */
    @Test
    void topicAdminRequestsRefuseNamesNoTopicCanHaveAndChangeNothing() {
        f = BrokerFixture.start(1102, Map.of(), BROKER);
        DataVersion before = f.broker(BROKER).topics().dataVersion();
        for (String bad : List.of("bad topic!", "t".repeat(128), "")) {
            String remark = bad.isEmpty() ? "the specified topic is blank"
                    : bad.length() > 127 ? "the specified topic is longer than topic max length 127"
                    : "the specified topic[bad topic!] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
            RemotingCommand created = f.call(BROKER, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                    new CreateTopicRequestHeader(bad, "TBW102", 1, 1, 6, "SINGLE_TAG", 0, false)));
            assertThat(created.code()).as(bad).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(created.remark()).as(bad).isEqualTo(remark);
            RemotingCommand deleted = f.call(BROKER, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER,
                    new DeleteTopicRequestHeader(bad)));
            assertThat(deleted.code()).as(bad).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(deleted.remark()).as(bad).isEqualTo(remark);
        }
        assertThat(f.broker(BROKER).topics().dataVersion()).as("the topic table did not change").isEqualTo(before);
    }

    @Test
    void anAutoCreatedTopicGetsTheDefaultTopicsQueueCountWhenAClientAsksForMore() {
        f = BrokerFixture.start(1102, Map.of("defaultTopicQueueNums", "2"), BROKER);
        assertThat(f.broker(BROKER).topics().get("TBW102").writeQueueNums()).isEqualTo(2);
        // The request's defaultTopicQueueNums is 4, as the official producer sends it.
        assertThat(send("Fresh", "x", Map.of()).code()).isEqualTo(ResponseCode.SUCCESS);
        TopicConfig fresh = f.broker(BROKER).topics().get("Fresh");
        assertThat(fresh.readQueueNums()).isEqualTo(2);
        assertThat(fresh.writeQueueNums()).isEqualTo(2);
    }

    @Test
    void theSystemTopicsRocketMqCreatesExistAfterStart() {
        f = BrokerFixture.start(1103, Map.of(), BROKER);
        assertThat(f.broker(BROKER).topics().topics()).containsKeys("SELF_TEST_TOPIC", "TBW102", "BenchmarkTest",
                "DefaultCluster", BROKER, "OFFSET_MOVED_EVENT", "SCHEDULE_TOPIC_XXXX", "DefaultCluster_REPLY_TOPIC");
        assertThat(f.broker(BROKER).topics().get("TBW102").perm()).as("inherit, read, write").isEqualTo(7);
        assertThat(f.broker(BROKER).topics().get("SCHEDULE_TOPIC_XXXX").readQueueNums()).isEqualTo(18);
        assertThat(f.broker(BROKER).topics().topics()).as("traceTopicEnable is off by default")
                .doesNotContainKey("RMQ_SYS_TRACE_TOPIC");
    }

    @Test
    void withoutAutoCreateTheDefaultTopicIsNotASystemTopic() {
        f = BrokerFixture.start(1104, Map.of("autoCreateTopicEnable", "false"), BROKER);
        assertThat(f.broker(BROKER).topics().topics()).containsKeys("SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT",
                "SCHEDULE_TOPIC_XXXX", "DefaultCluster_REPLY_TOPIC").doesNotContainKey("TBW102");
    }
}
