package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.MessageProperties;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A broker with {@code metricsExporterType=PROM} in simulation: what the protocol did is what the
 * metrics say, and since latencies come from the node's clock, one seed renders the same text
 * twice, byte for byte.
 */
class BrokerMetricsSimTest {

    private static final Map<String, String> PROM = Map.of("metricsExporterType", "PROM");

    private static RemotingCommand send(String topic, String body, Map<String, String> properties) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2("PG", topic, "TBW102",
                4, 0, 0, 1_700_000_000_000L, 0, MessageProperties.encode(properties), 0, false, null, false, "broker-a"))
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the workload on a fresh simulated cluster and returns the broker's rendering. */
    private static String run(long seed) {
        try (Simulator sim = new Simulator(seed)) {
            SimCluster cluster = new SimCluster(sim);
            cluster.addNamesrv();
            cluster.addBroker("broker-a", PROM);
            SimNode driver = sim.addNode("driver", "10.0.9.1", ProtocolDriver::new);
            driver.start();
            cluster.awaitReady(30_000);
            Address broker = cluster.brokerAddress("broker-a");
            RemotingCommand created = ProtocolDriver.call(sim, driver, broker, RemotingCommand.request(
                    RequestCode.UPDATE_AND_CREATE_TOPIC, new CreateTopicRequestHeader("Orders", "TBW102", 4, 4, 6,
                            "SINGLE_TAG", 0, false)));
            assertThat(created.code()).isEqualTo(ResponseCode.SUCCESS);
            for (int i = 0; i < 3; i++) {
                assertThat(ProtocolDriver.call(sim, driver, broker, send("Orders", "abcd", Map.of("TAGS", "A"))).code())
                        .isEqualTo(ResponseCode.SUCCESS);
            }
            assertThat(ProtocolDriver.call(sim, driver, broker, send("Orders", "later", Map.of("DELAY", "2"))).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            assertThat(ProtocolDriver.call(sim, driver, broker, send("Bad Topic", "x", Map.of())).code())
                    .isNotEqualTo(ResponseCode.SUCCESS);
            assertThat(ProtocolDriver.call(sim, driver, broker, BrokerSimTest.pullRequest("Readers", "Orders", 0, 0, "*",
                    false, 0)).code()).isEqualTo(ResponseCode.SUCCESS);
            return ((Broker) cluster.broker("broker-a").node()).metrics().render();
        }
    }

    @Test
    void theMetricsSayWhatTheProtocolDidAndOneSeedRendersTheSameTwice() {
        String text = run(7);
        String node = "cluster=\"DefaultCluster\",node_type=\"broker\",node_id=\"broker-a\"";
        assertThat(text).contains(
                "rocketmq_messages_in_total{" + node + ",topic=\"Orders\",message_type=\"normal\",is_system=\"false\"} 3",
                "rocketmq_messages_in_total{" + node + ",topic=\"Orders\",message_type=\"delay\",is_system=\"false\"} 1",
                "rocketmq_throughput_in_total{" + node + ",topic=\"Orders\",message_type=\"normal\",is_system=\"false\"} 12",
                "rocketmq_messages_out_total{" + node + ",topic=\"Orders\",consumer_group=\"Readers\",is_retry=\"false\","
                        + "is_system=\"false\"} 3",
                "request_code=\"send_message_v2\",response_code=\"success\",is_long_polling=\"false\",result=\"success\"} 4",
                "petrel_refused_requests_total{" + node + ",request_code=\"send_message_v2\",response_code=");
        assertThat(run(7)).isEqualTo(text);
    }
}
