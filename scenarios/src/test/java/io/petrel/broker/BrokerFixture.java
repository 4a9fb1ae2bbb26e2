package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerData;
import io.petrel.common.FilterApi;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.MessageModel;
import io.petrel.common.MixAll;
import io.petrel.common.SubscriptionData;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.message.MessageId;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A NameServer, brokers and protocol drivers in simulation, with the requests the broker feature
 * tests send spelled out once: topics, groups, sends, pulls, heartbeats. Close it after the test.
 */
public final class BrokerFixture implements AutoCloseable {

    private final Simulator sim;
    private final SimCluster cluster;
    private final SimNode driver;
    private int drivers = 1;

    private BrokerFixture(long seed, Map<String, String> overrides, String... brokerNames) {
        sim = new Simulator(seed);
        cluster = new SimCluster(sim);
        cluster.addNamesrv();
        for (String name : brokerNames) {
            cluster.addBroker(name, overrides);
        }
        driver = addDriver();
        cluster.awaitReady(30_000);
    }

    /** One NameServer and the named brokers, started and registered. */
    public static BrokerFixture start(long seed, Map<String, String> overrides, String... brokerNames) {
        return new BrokerFixture(seed, overrides, brokerNames);
    }

    public Simulator sim() {
        return sim;
    }

    public SimCluster cluster() {
        return cluster;
    }

    public SimNode driver() {
        return driver;
    }

    /** Another protocol driver on its own host (a second client). */
    public SimNode addDriver() {
        SimNode node = sim.addNode("driver-" + drivers, "10.0.9." + drivers, ProtocolDriver::new);
        drivers++;
        node.start();
        sim.runFor(10);
        return node;
    }

    public Broker broker(String name) {
        return cluster.broker(name).nodeAs(Broker.class);
    }

    public Address address(String name) {
        return cluster.brokerAddress(name);
    }

    public RemotingCommand call(String broker, RemotingCommand request) {
        return ProtocolDriver.call(sim, driver, address(broker), request);
    }

    public RemotingCommand call(SimNode from, String broker, RemotingCommand request) {
        return ProtocolDriver.call(sim, from, address(broker), request);
    }

    public void createTopic(String broker, String topic, int queues) {
        RemotingCommand r = call(broker, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader(topic, "TBW102", queues, queues, 6, "SINGLE_TAG", 0, false)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    public void createGroup(String broker, SubscriptionGroupConfig group) {
        RemotingCommand r = call(broker, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null)
                .body(Json.write(group)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    /** A group with the defaults but {@code retryMaxTimes}. */
    public static SubscriptionGroupConfig group(String name, int retryMaxTimes) {
        return new SubscriptionGroupConfig(name, true, true, true, 1, retryMaxTimes, 0, 1, true);
    }

    /** Sends one message and requires SUCCESS; returns the send response's header. */
    public SendMessageResponseHeader send(String broker, String topic, int queueId, String body, Map<String, String> properties) {
        RemotingCommand r = call(broker, BrokerSimTest.sendRequest(topic, queueId, body, properties));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        return r.decodeHeader(SendMessageResponseHeader.class);
    }

    /** The commit-log offset in an offsetMsgId. */
    public static long commitLogOffset(String offsetMsgId) {
        return MessageId.decodeMessageId(offsetMsgId).commitLogOffset();
    }

    /** Pulls without waiting with a TAG subscription. */
    public List<StoredMessage> pull(String broker, String group, String topic, int queueId, long offset) {
        RemotingCommand r = call(broker, BrokerSimTest.pullRequest(group, topic, queueId, offset, "*", false, 0));
        return r.code() == ResponseCode.SUCCESS ? BrokerSimTest.decode(r) : List.of();
    }

    /** A pull request with a TAG expression; {@code suspendMs} &gt; 0 lets the broker hold it. */
    public static RemotingCommand pullRequest(String group, String topic, int queueId, long offset, long suspendMs) {
        return BrokerSimTest.pullRequest(group, topic, queueId, offset, "*", suspendMs > 0, suspendMs);
    }

    /** The stored messages of a pull, query or view response body. */
    public static List<StoredMessage> messages(RemotingCommand response) {
        return BrokerSimTest.decode(response);
    }

    public long maxOffset(String broker, String topic, int queueId) {
        return broker(broker).store().getMaxOffsetInQueue(topic, queueId);
    }

    /** A push consumer's heartbeat for {@code group} subscribed to {@code topics} and its retry topic. */
    public static RemotingCommand heartbeat(String clientId, String group, String... topics) {
        Set<SubscriptionData> subs = new LinkedHashSet<>();
        for (String topic : topics) {
            subs.add(FilterApi.build(topic, "*", 1));
        }
        subs.add(FilterApi.build(MixAll.retryTopic(group), "*", 1));
        ConsumerData consumer = new ConsumerData(group, ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, subs, false);
        return RemotingCommand.request(RequestCode.HEART_BEAT, null)
                .body(Json.write(new HeartbeatData(clientId, Set.of(), Set.of(consumer))));
    }

    public void commitOffset(String broker, String group, String topic, int queueId, long offset) {
        RemotingCommand r = call(broker, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET,
                new ConsumerHeaders.UpdateConsumerOffsetRequestHeader(group, topic, queueId, offset, null)));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Override
    public void close() {
        sim.close();
    }
}
