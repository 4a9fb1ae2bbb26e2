package io.petrel.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.ProducerData;
import io.petrel.common.ProducerInfo;
import io.petrel.common.ProducerTableInfo;
import io.petrel.common.TopicList;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET_SYSTEM_TOPIC_LIST_FROM_BROKER (305) and GET_ALL_PRODUCER_INFO (328) in simulation. */
class BrokerListsSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void systemTopicListNamesRocketMqsSetAndThisBrokersOwnTopicsWithoutAnAddress() {
        f = BrokerFixture.start(3051, Map.of("traceTopicEnable", "true"), BROKER);
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, null));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        TopicList list = Json.read(r.bodyBytes(), TopicList.class);
        String cluster = f.broker(BROKER).settings().clusterName();
        assertThat(list.topicList()).contains("TBW102", "SCHEDULE_TOPIC_XXXX", "BenchmarkTest", "RMQ_SYS_TRANS_HALF_TOPIC",
                "RMQ_SYS_TRACE_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC",
                "OFFSET_MOVED_EVENT", cluster, BROKER, cluster + "_REPLY_TOPIC").hasSize(12);
        assertThat(list.brokerAddr()).isNull();
        f.createTopic(BROKER, "UserTopic", 1);
        TopicList again = Json.read(f.call(BROKER, RemotingCommand.request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER,
                null)).bodyBytes(), TopicList.class);
        assertThat(again.topicList()).doesNotContain("UserTopic");
    }

    @Test
    void allProducerInfoListsEveryLiveProducerWithItsLastHeartbeat() {
        f = BrokerFixture.start(3281, Map.of(), BROKER);
        ProducerTableInfo none = producerTable();
        assertThat(none.data()).isEmpty();
        long before = f.cluster().broker(BROKER).clock().nowMs();
        RemotingCommand hb = RemotingCommand.request(RequestCode.HEART_BEAT, null).body(Json.write(new HeartbeatData(
                "10.0.9.1@p1", Set.of(new ProducerData("PG-1")), Set.of())));
        assertThat(f.call(BROKER, hb).code()).isEqualTo(ResponseCode.SUCCESS);
        f.sim().runFor(5_000);
        ProducerTableInfo table = producerTable();
        assertThat(table.data()).containsOnlyKeys("PG-1");
        List<ProducerInfo> members = table.data().get("PG-1");
        assertThat(members).hasSize(1);
        ProducerInfo p = members.get(0);
        assertThat(p.clientId()).isEqualTo("10.0.9.1@p1");
        assertThat(p.remoteIP()).startsWith("10.0.9.1:");
        assertThat(p.language()).isEqualTo("JAVA");
        assertThat(p.version()).isEqualTo(hb.version());
        assertThat(p.lastUpdateTimestamp()).isBetween(before - 1_000, before + 1_000);
    }

    private ProducerTableInfo producerTable() {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.GET_ALL_PRODUCER_INFO, null));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return Json.read(r.bodyBytes(), ProducerTableInfo.class);
    }
}
