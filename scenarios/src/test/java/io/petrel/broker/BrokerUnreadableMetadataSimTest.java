package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.sim.SimNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A metadata file under storePathRootDir/config that cannot be read at start (a disk fault, a hand
 * edit): the broker exits with status 3 naming the file and what would be lost when starting
 * without it would lose acknowledged messages or offsets (topics, consumer offsets, delay offsets),
 * and starts with the file moved aside and an ERROR when only group settings are at stake.
 */
class BrokerUnreadableMetadataSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;
    private String configDir;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private String configFile(String name) {
        return DiskPaths.join(configDir, name);
    }

    /** A broker with a topic, a frozen group and a committed offset, all durable, stopped gracefully. */
    private SimNode startedThenStopped() {
        f = BrokerFixture.start(911, Map.of(), BROKER);
        f.createTopic(BROKER, "Kept", 2);
        f.createGroup(BROKER, new SubscriptionGroupConfig("Frozen", false, true, true, 1, 3, 0, 1, true));
        f.commitOffset(BROKER, "Frozen", "Kept", 1, 42);
        f.sim().runFor(6_000);
        configDir = DiskPaths.join(f.broker(BROKER).settings().store().storePathRootDir(), "config");
        SimNode broker = f.cluster().broker(BROKER);
        broker.shutdown();
        f.sim().runUntil(() -> !broker.isUp(), 30_000);
        return broker;
    }

    /** Restarts the broker with {@code content} in its file: written by the new process before its first event. */
    private void restartWith(SimNode broker, String path, String content) {
        broker.restart();
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (broker.disk().exists(path)) {
            broker.disk().delete(path);
        }
        DiskFile file = broker.disk().create(path, bytes.length);
        file.write(0, ByteBuffer.wrap(bytes));
        file.close();
    }

    private List<String> lines(String level) {
        return f.sim().log().recent().stream().filter(l -> l.contains(" " + BROKER + " ") && l.contains(" " + level + " "))
                .toList();
    }

    private void assertExitsNaming(String file, String content, String reason, String loss) {
        SimNode broker = startedThenStopped();
        String path = configFile(file);
        restartWith(broker, path, content);
        assertThat(f.sim().runUntil(() -> !broker.isUp(), 30_000)).as("the broker exits").isTrue();
        assertThat(lines("EXIT")).singleElement().satisfies(line -> assertThat(line)
                .contains("status 3: " + path + " cannot be read: " + reason)
                .contains("; starting without it would " + loss)
                .endsWith(". Restore the file, or move it away to start without it and accept that"));
        assertThat(lines("ERROR")).anySatisfy(line -> assertThat(line).contains("broker broker-a cannot start: " + path));
        assertThat(broker.disk().exists(path)).as("the file is left for the operator").isTrue();
        assertThat(broker.disk().list(DiskPaths.parent(path))).noneMatch(name -> name.contains(".corrupt-"));
    }

    @Test
    void anUnreadableTopicsFileStopsTheBrokerNamingTheMessagesItWouldHide() {
        assertExitsNaming("topics.json", "{\"topicConfigTable\":{\"Kept\":", "it is not a valid topic config file: "
                + "malformed TopicConfigSerializeWrapper body", "hide acknowledged messages");
    }

    @Test
    void aTopicEntryOfAnotherNameStopsTheBrokerNamingTheEntry() {
        assertExitsNaming("topics.json", "{\"topicConfigTable\":{\"Kept\":{\"topicName\":\"Other\"}}}",
                "the entry of topic 'Kept' is named 'Other'", "hide acknowledged messages");
    }

    @Test
    void anUnreadableConsumerOffsetFileStopsTheBrokerNamingTheOffsetsItWouldLose() {
        assertExitsNaming("consumerOffset.json", "{\"offsetTable\":{\"Kept@Frozen\":{\"1\":null}}}",
                "the offsets of 'Kept@Frozen' hold a null", "lose the consumer groups' committed offsets");
    }

    @Test
    void anUnreadableDelayOffsetFileStopsTheBrokerNamingTheRedeliveries() {
        assertExitsNaming("delayOffset.json", "not json", "it is not a valid delay offset file: "
                + "malformed DelayOffsetSerializeWrapper body", "lose how far each delay level was delivered");
    }

    @Test
    void anUnreadableSubscriptionGroupFileIsMovedAsideAndTheBrokerStartsKeepingTopicsAndOffsets() {
        SimNode broker = startedThenStopped();
        String path = configFile("subscriptionGroup.json");
        restartWith(broker, path, "{\"subscriptionGroupTable\":{\"Frozen\":{\"groupName\":");
        f.cluster().awaitReady(60_000);
        assertThat(lines("ERROR")).singleElement().satisfies(line -> assertThat(line)
                .contains(path + " cannot be read (it is not a valid subscription group file: ")
                .contains("moved it aside to " + path + ".corrupt-1 and starting without it: consumer groups come back "
                        + "with RocketMQ's default settings"));
        assertThat(lines("EXIT")).isEmpty();
        assertThat(broker.disk().exists(path + ".corrupt-1")).isTrue();
        assertThat(f.broker(BROKER).groups().get("Frozen")).as("the group's settings are gone").isNull();
        assertThat(f.broker(BROKER).topics().contains("Kept")).isTrue();
        RemotingCommand offset = f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET,
                new ConsumerHeaders.QueryConsumerOffsetRequestHeader("Frozen", "Kept", 1, null)));
        assertThat(offset.code()).as(offset.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(offset.decodeHeader(ConsumerHeaders.QueryConsumerOffsetResponseHeader.class).offset()).isEqualTo(42);
        f.createGroup(BROKER, BrokerFixture.group("Frozen", 5));
        f.sim().runFor(2_000);
        broker.shutdown();
        f.sim().runUntil(() -> !broker.isUp(), 30_000);
        broker.restart();
        f.cluster().awaitReady(60_000);
        assertThat(f.broker(BROKER).groups().get("Frozen").retryMaxTimes()).as("the new file is read back").isEqualTo(5);
    }
}
