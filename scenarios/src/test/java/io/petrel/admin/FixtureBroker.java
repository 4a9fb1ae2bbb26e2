package io.petrel.admin;

import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.client.ProducerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.processor.ClientManageProcessor;
import io.petrel.broker.processor.TopicAdminProcessor;
import io.petrel.broker.registration.NamesrvRegistrar;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.ConsumeStats;
import io.petrel.common.DurableFile;
import io.petrel.common.GetConsumerStatusBody;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.ResetOffsetBody;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicOffset;
import io.petrel.common.TopicStatsTable;
import io.petrel.config.PropertiesText;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingServer;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders;
import io.petrel.remoting.header.ConsumerHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in broker for admin-client simulations until the Broker node lands: the real metadata
 * managers and processors (topics, groups, offsets, heartbeats, connections) plus canned answers
 * for what needs a store (stats, runtime info, config, offsets by time), written with fastjson's
 * object keys as an official broker writes them. Every queue's max offset is {@code 10 + queueId},
 * its min 0. GET_CONSUMER_RUNNING_INFO is forwarded to the client as a broker does.
 */
final class FixtureBroker implements Node {

    static final long SEARCHED_OFFSET = 2;
    private static final Pattern STRING_KEY = Pattern.compile("\"(\\{(?:\\\\.|[^\"\\\\])*\\})\"\\s*:");

    private final Env env;
    private final String cluster;
    private final String brokerName;
    private final String address;
    private final List<Address> namesrvs;
    private final boolean servesConsumerStatus;
    final TreeMap<String, String> config = new TreeMap<>();
    TopicConfigManager topics;
    SubscriptionGroupManager groups;
    ConsumerOffsetManager offsets;
    ConsumerManager consumers;
    private NamesrvRegistrar registrar;
    private RemotingServer server;

    FixtureBroker(Env env, String cluster, String brokerName, String address, List<Address> namesrvs,
            boolean servesConsumerStatus) {
        this.env = env;
        this.cluster = cluster;
        this.brokerName = brokerName;
        this.address = address;
        this.namesrvs = namesrvs;
        this.servesConsumerStatus = servesConsumerStatus;
        config.put("brokerClusterName", cluster);
        config.put("brokerName", brokerName);
        config.put("flushDiskType", "ASYNC_FLUSH");
    }

    @Override
    public void start() {
        topics = new TopicConfigManager(env, new TopicConfigManager.Settings(cluster, brokerName, 8, true, true, true,
                false, "RMQ_SYS_TRACE_TOPIC"), new DurableFile(env, "/store/config/topics.json"), t -> registrar.registerAll());
        groups = new SubscriptionGroupManager(env, new DurableFile(env, "/store/config/subscriptionGroup.json"), true);
        offsets = new ConsumerOffsetManager(new DurableFile(env, "/store/config/consumerOffset.json"));
        consumers = new ConsumerManager((g, info) -> { });
        ProducerManager producers = new ProducerManager();
        topics.load();
        groups.load();
        offsets.load();
        RequestDispatcher d = new RequestDispatcher(env);
        new TopicAdminProcessor(() -> new TopicAdminProcessor.Settings(cluster, true), topics, groups, offsets, consumers,
                producers, t -> { }).registerWith(d);
        new ClientManageProcessor(env, consumers, producers, groups, topics).registerWith(d);
        registerCanned(d);
        server = new RemotingServer(env, d, 120_000);
        server.onChannelClosed(consumers::onChannelClosed);
        server.listen(Address.parse(address));
        registrar = new NamesrvRegistrar(env, new RemotingClient(env, d, 3_000), namesrvs,
                new NamesrvRegistrar.Identity(cluster, brokerName, 0, address,
                        Address.parse(address).withPort(Address.parse(address).port() + 1).toString()),
                () -> topics.registrationWrapper(6), 30_000, 6_000, false, o -> { });
        registrar.start();
    }

    private void registerCanned(RequestDispatcher d) {
        d.register(RequestCode.GET_BROKER_RUNTIME_INFO, (ch, req) -> ok(ch, req, Json.write(new KVTable(runtimeInfo()))))
                .register(RequestCode.GET_BROKER_CONFIG, this::brokerConfig)
                .register(RequestCode.UPDATE_BROKER_CONFIG, this::updateBrokerConfig)
                .register(RequestCode.GET_TOPIC_STATS_INFO, this::topicStats)
                .register(RequestCode.GET_CONSUME_STATS, this::consumeStats)
                .register(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, this::resetOffset)
                .register(RequestCode.GET_MAX_OFFSET, (ch, req) -> offset(ch, req, maxOffset(
                        req.decodeHeader(ConsumerHeaders.GetMaxOffsetRequestHeader.class).queueId())))
                .register(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, (ch, req) -> offset(ch, req, SEARCHED_OFFSET))
                .register(RequestCode.UPDATE_CONSUMER_OFFSET, this::updateOffset)
                .register(RequestCode.GET_CONSUMER_RUNNING_INFO, this::forwardToClient);
        if (servesConsumerStatus) {
            d.register(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, this::consumerStatus);
        }
    }

    static long maxOffset(int queueId) {
        return 10 + queueId;
    }

    private TreeMap<String, String> runtimeInfo() {
        TreeMap<String, String> info = new TreeMap<>();
        info.put("brokerVersionDesc", "V4_9_8");
        info.put("brokerVersion", "409");
        info.put("putTps", "12.50 11.98 10.01");
        info.put("getTransferedTps", "3.00 2.50 2.00");
        info.put("sendThreadPoolQueueSize", "0");
        info.put("pullThreadPoolQueueSize", "0");
        info.put("msgPutTotalTodayNow", "150");
        info.put("msgPutTotalTodayMorning", "100");
        return info;
    }

    private void brokerConfig(RemotingChannel ch, RemotingCommand req) {
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        ch.reply(req, RemotingCommand.success().header(new AdminHeaders.GetBrokerConfigResponseHeader("{\"counter\":1}"))
                .body(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private void updateBrokerConfig(RemotingChannel ch, RemotingCommand req) {
        config.putAll(PropertiesText.parse(new String(req.bodyBytes(), StandardCharsets.UTF_8)));
        ch.reply(req, RemotingCommand.success());
    }

    private void topicStats(RemotingChannel ch, RemotingCommand req) {
        String topic = req.decodeHeader(AdminHeaders.GetTopicStatsInfoRequestHeader.class).topic();
        TopicConfig tc = topics.get(topic);
        if (tc == null) {
            ch.reply(req, RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist"));
            return;
        }
        TreeMap<MessageQueue, TopicOffset> table = new TreeMap<>();
        for (int q = 0; q < tc.writeQueueNums(); q++) {
            table.put(new MessageQueue(topic, brokerName, q), new TopicOffset(0, maxOffset(q), 1_700_000_000_000L));
        }
        ok(ch, req, officialKeys(Json.write(new TopicStatsTable(table))));
    }

    private void consumeStats(RemotingChannel ch, RemotingCommand req) {
        AdminHeaders.GetConsumeStatsRequestHeader h = req.decodeHeader(AdminHeaders.GetConsumeStatsRequestHeader.class);
        TreeMap<MessageQueue, OffsetWrapper> table = new TreeMap<>();
        for (String topic : offsets.topicsOf(h.consumerGroup())) {
            if (h.topic() == null || h.topic().equals(topic)) {
                offsets.offsets(h.consumerGroup(), topic).forEach((q, o) -> table.put(new MessageQueue(topic, brokerName, q),
                        new OffsetWrapper(maxOffset(q), o, 0)));
            }
        }
        ok(ch, req, officialKeys(Json.write(new ConsumeStats(table, 1.5))));
    }

    private void resetOffset(RemotingChannel ch, RemotingCommand req) {
        AdminHeaders.ResetOffsetRequestHeader h = req.decodeHeader(AdminHeaders.ResetOffsetRequestHeader.class);
        ConsumerGroupInfo info = consumers.group(h.group());
        if (info == null || info.isEmpty()) {
            ch.reply(req, RemotingCommand.response(ResponseCode.CONSUMER_NOT_ONLINE, "Consumer not online, so can not reset offset"));
            return;
        }
        TreeMap<MessageQueue, Long> table = new TreeMap<>();
        for (int q = 0; q < topics.get(h.topic()).writeQueueNums(); q++) {
            table.put(new MessageQueue(h.topic(), brokerName, q), h.timestamp() == -1 ? maxOffset(q) : SEARCHED_OFFSET);
        }
        ok(ch, req, officialKeys(Json.write(new ResetOffsetBody(table))));
    }

    private void consumerStatus(RemotingChannel ch, RemotingCommand req) {
        AdminHeaders.GetConsumerStatusRequestHeader h = req.decodeHeader(AdminHeaders.GetConsumerStatusRequestHeader.class);
        TreeMap<String, Map<MessageQueue, Long>> table = new TreeMap<>();
        for (ClientChannelInfo c : consumers.group(h.group()).channels()) {
            if (h.clientAddr() == null || h.clientAddr().isEmpty() || h.clientAddr().equals(c.clientId())) {
                TreeMap<MessageQueue, Long> mine = new TreeMap<>();
                mine.put(new MessageQueue(h.topic(), brokerName, 0), 7L);
                table.put(c.clientId(), mine);
            }
        }
        ok(ch, req, officialKeys(Json.write(new GetConsumerStatusBody(null, table))));
    }

    private void updateOffset(RemotingChannel ch, RemotingCommand req) {
        ConsumerHeaders.UpdateConsumerOffsetRequestHeader h = req.decodeHeader(ConsumerHeaders.UpdateConsumerOffsetRequestHeader.class);
        offsets.commit(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
        ch.reply(req, RemotingCommand.success());
    }

    private void forwardToClient(RemotingChannel ch, RemotingCommand req) {
        AdminHeaders.GetConsumerRunningInfoRequestHeader h = req.decodeHeader(AdminHeaders.GetConsumerRunningInfoRequestHeader.class);
        ConsumerGroupInfo group = consumers.group(h.consumerGroup());
        ClientChannelInfo client = group == null ? null : group.channelOf(h.clientId());
        if (client == null) {
            ch.reply(req, RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                    "The Consumer <" + h.consumerGroup() + "> <" + h.clientId() + "> not online"));
            return;
        }
        client.channel().invoke(RemotingCommand.request(req.code(), h), 10_000, ResponseCallback.of(
                r -> ch.reply(req, RemotingCommand.response(r.code(), r.remark()).body(r.bodyBytes())),
                f -> ch.reply(req, RemotingCommand.response(ResponseCode.CONSUME_MSG_TIMEOUT, f.toString()))));
    }

    private static void offset(RemotingChannel ch, RemotingCommand req, long offset) {
        ch.reply(req, RemotingCommand.success().header(new ConsumerHeaders.OffsetResponseHeader(offset)));
    }

    private static void ok(RemotingChannel ch, RemotingCommand req, byte[] body) {
        ch.reply(req, RemotingCommand.success().body(body));
    }

    /** Rewrites Petrel's string MessageQueue keys as fastjson's object keys, as an official broker sends them. */
    static byte[] officialKeys(byte[] json) {
        Matcher m = STRING_KEY.matcher(new String(json, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).replace("\\\"", "\"") + ":"));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void shutdown(Runnable done) {
        server.stop();
        registrar.unregisterAll(done);
    }
}
