package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.Address;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerRequestHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A body the frame fuzzer sends (issue 23): JSON with nulls where Petrel keeps sorted sets. */
class HostileBodySimTest {

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aHeartbeatWithNullsIsRefusedNamingTheMissingClientId() {
        f = BrokerFixture.start(2304, Map.of(), "broker-a");
        RemotingCommand r = f.call("broker-a", RemotingCommand.request(RequestCode.HEART_BEAT, null).body(
                "{\"clientID\":null,\"consumerDataSet\":[{\"groupName\":null,\"subscriptionDataSet\":[null]}]}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(r.remark()).contains("clientID");
    }

    /** Found by the frame fuzzer (seed 2300): a topic config without a name threw inside the route table. */
    @Test
    void aRegistrationWithAnUnnamedTopicIsRefusedAndTheNameServerKeepsServing() {
        f = BrokerFixture.start(2305, Map.of(), "broker-a");
        Address namesrv = f.cluster().namesrvAddresses().get(0);
        RemotingCommand r = ProtocolDriver.call(f.sim(), f.driver(), namesrv, RemotingCommand.request(
                RequestCode.REGISTER_BROKER, new RegisterBrokerRequestHeader("broker-x", "10.0.2.9:10911", "DefaultCluster",
                        "10.0.2.9:10912", 0L, false, null)).body(
                ("{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{\"T\":{\"readQueueNums\":1}},"
                + "\"dataVersion\":{\"timestamp\":1,\"counter\":1}},\"filterServerList\":[]}")
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(r.remark()).contains("'T' has no topicName");
        RemotingCommand info = ProtocolDriver.call(f.sim(), f.driver(), namesrv,
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null));
        assertThat(info.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    /** Found by the frame fuzzer (seed 2300): a subscription without a topic threw in the group's table. */
    @Test
    void aHeartbeatWithASubscriptionWithoutATopicIsRefusedNamingTheGroup() {
        f = BrokerFixture.start(2306, Map.of(), "broker-a");
        RemotingCommand r = f.call("broker-a", RemotingCommand.request(RequestCode.HEART_BEAT, null).body(
                ("{\"clientID\":\"c1\",\"consumerDataSet\":[{\"groupName\":\"G\",\"consumeType\":\"CONSUME_PASSIVELY\","
                        + "\"messageModel\":\"CLUSTERING\",\"consumeFromWhere\":\"CONSUME_FROM_LAST_OFFSET\","
                        + "\"subscriptionDataSet\":[{\"subString\":\"*\"}]}],\"producerDataSet\":[]}").getBytes(StandardCharsets.UTF_8)));
        assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(r.remark()).isEqualTo("heartbeat of consumer group G has a subscription without a topic");
        assertThat(f.broker("broker-a").consumers().group("G")).isNull();
    }

    /** Found by the frame fuzzer (seed 2300): a register body without a topic table threw. */
    @Test
    void aRegistrationWithoutATopicTableIsRefused() {
        f = BrokerFixture.start(2307, Map.of(), "broker-a");
        RemotingCommand r = ProtocolDriver.call(f.sim(), f.driver(), f.cluster().namesrvAddresses().get(0),
                RemotingCommand.request(RequestCode.REGISTER_BROKER, new RegisterBrokerRequestHeader("broker-x",
                        "10.0.2.9:10911", "DefaultCluster", "10.0.2.9:10912", 0L, false, null)).body(
                        "{\"topicConfigSerializeWrapper\":{\"dataVersion\":{\"timestamp\":1,\"counter\":1}}}"
                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(r.remark()).endsWith("topicConfigSerializeWrapper has no topicConfigTable");
    }
}
