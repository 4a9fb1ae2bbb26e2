package io.petrel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Petrel's clients say about bad input, missing routes, unreachable NameServers and refusing brokers. */
class ClientBadInputSimTest {

    private static final class Outcome implements SendCallback {
        SendResult result;
        ClientException error;

        @Override
        public void onSuccess(SendResult sendResult) {
            result = sendResult;
        }

        @Override
        public void onException(ClientException e) {
            error = e;
        }

        boolean done() {
            return result != null || error != null;
        }
    }

    private static Outcome send(ClientFixture f, SimNode node, Message message) {
        Outcome outcome = new Outcome();
        f.client(node).producers().get(0).send(message, outcome);
        f.awaitTrue(outcome::done, 60_000, "the send's answer");
        return outcome;
    }

    private static Message message(String topic, int size) {
        return new Message(topic, "x".repeat(size).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsWithBadInputFailNamingTheProblem() {
        try (ClientFixture f = new ClientFixture(31, "ClientBadInputSimTest#sendsWithBadInputFailNamingTheProblem")) {
            SimNode node = f.addClient("producer", n -> n.startProducer(ProducerConfig.of("PG")));
            assertThat(send(f, node, message("", 10)).error).hasMessageContaining("the specified topic is blank");
            assertThat(send(f, node, message("bad topic!", 10)).error).hasMessageContaining("contains illegal characters");
            assertThat(send(f, node, message("SCHEDULE_TOPIC_XXXX", 10)).error).hasMessageContaining("is forbidden");
            assertThat(send(f, node, message("Fine", 0)).error).hasMessageContaining("the message body length is zero");
            Outcome big = send(f, node, message("Fine", 4 * 1024 * 1024 + 1));
            assertThat(big.error).hasMessageContaining("the message body size over max value, MAX: 4194304");
            assertThat(big.error.responseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        }
    }

    @Test
    void aTopicWithoutRouteFailsWithRocketMqsMessage() {
        try (ClientFixture f = new ClientFixture(32, "ClientBadInputSimTest#aTopicWithoutRouteFailsWithRocketMqsMessage",
                Map.of("autoCreateTopicEnable", "false"))) {
            SimNode node = f.addClient("producer", n -> n.startProducer(ProducerConfig.of("PG")));
            assertThat(send(f, node, message("NoSuchTopic", 10)).error).hasMessageStartingWith("No route info of this topic: NoSuchTopic");
        }
    }

    @Test
    void aBrokerThatRefusesIsNamedWithItsCode() {
        try (ClientFixture f = new ClientFixture(33, "ClientBadInputSimTest#aBrokerThatRefusesIsNamedWithItsCode")) {
            for (String broker : f.cluster.brokers().keySet()) {
                f.call(f.cluster.brokerAddress(broker), RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                        new CreateTopicRequestHeader("ReadOnly", "TBW102", 2, 2, 4, "SINGLE_TAG", 0, false)));
            }
            f.sim.runFor(2_000);
            SimNode node = f.addClient("producer", n -> n.startProducer(ProducerConfig.of("PG")));
            Outcome outcome = send(f, node, message("ReadOnly", 10));
            assertThat(outcome.error).as("the broker's refusal, after the retries").isNotNull();
            assertThat(outcome.error.responseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(outcome.error.getMessage()).contains("CODE: 16").contains("ReadOnly").contains("BROKER: broker-");
        }
    }

    @Test
    void noReachableNameServerIsReported() {
        try (ClientFixture f = new ClientFixture(34, "ClientBadInputSimTest#noReachableNameServerIsReported")) {
            SimNode node = f.sim.addNode("lonely", "10.0.3.99", env -> new ClientNode(env,
                    ClientConfig.of("10.0.8.1:9876;10.0.8.2:9876", "10.0.3.99", "lonely"),
                    n -> n.startProducer(ProducerConfig.of("PG"))));
            node.start();
            f.awaitTrue(() -> node.node() != null, 1_000, "lonely to start");
            ClientException error = send(f, node, message("Anything", 10)).error;
            assertThat(error).hasMessageContaining("no NameServer reachable at [10.0.8.1:9876, 10.0.8.2:9876]")
                    .hasMessageContaining("Anything");
        }
    }

    @Test
    void consumerSettingsAreCheckedAtBuildAndStart() {
        assertThatThrownBy(() -> ConsumerConfig.of("")).hasMessageContaining("consumerGroup is blank");
        assertThatThrownBy(() -> ConsumerConfig.of("bad group")).hasMessageContaining("contains illegal characters");
        assertThatThrownBy(() -> ConsumerConfig.of("DEFAULT_CONSUMER")).hasMessageContaining("can not equal DEFAULT_CONSUMER");
        assertThatThrownBy(() -> ConsumerConfig.builder("G").pullBatchSize(0).build())
                .hasMessage("pullBatchSize Out of range [1, 1024]: 0");
        assertThatThrownBy(() -> ConsumerConfig.builder("G").consumeTimestamp("2026-11-24").build())
                .hasMessageContaining("consumeTimestamp is invalid").hasMessageContaining("2026-11-24");
        assertThatThrownBy(() -> ClientConfig.parseNamesrvAddr("")).hasMessageContaining("no NameServer address given");
        assertThatThrownBy(() -> ClientConfig.parseNamesrvAddr("host:port")).hasMessageContaining("host:port");
        try (ClientFixture f = new ClientFixture(35, "ClientBadInputSimTest#consumerSettingsAreCheckedAtBuildAndStart")) {
            List<Throwable> errors = new ArrayList<>();
            f.addClient("consumer", n -> {
                PushConsumer c = n.pushConsumer(ConsumerConfig.of("G"));
                errors.add(catching(() -> c.subscribe("bad topic", "*")));
                errors.add(catching(() -> c.subscribe("T", "||")));
                errors.add(catching(c::start));
            });
            assertThat(errors.get(0)).hasMessageContaining("contains illegal characters");
            assertThat(errors.get(1)).hasMessageContaining("subscription exception");
            assertThat(errors.get(2)).hasMessage("messageListener is null");
        }
    }

    private static Throwable catching(Runnable action) {
        try {
            action.run();
            return null;
        } catch (ClientException e) {
            return e;
        }
    }
}
