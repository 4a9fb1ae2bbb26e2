package io.petrel.namesrv;

import static io.petrel.remoting.Replies.error;
import static io.petrel.remoting.Replies.ok;

import io.petrel.common.BodyException;
import io.petrel.common.ClusterInfo;
import io.petrel.common.Crc32;
import io.petrel.common.DataVersion;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.RegisterBrokerBody;
import io.petrel.common.RegisterBrokerBodyCodec;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.common.TopicList;
import io.petrel.common.TopicRouteData;
import io.petrel.config.ConfigException;
import io.petrel.config.PropertiesText;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.NamesrvHeaders.AddWritePermOfBrokerRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.AddWritePermOfBrokerResponseHeader;
import io.petrel.remoting.header.NamesrvHeaders.DeleteKVConfigRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.DeleteTopicFromNamesrvRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.GetKVConfigRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.GetKVConfigResponseHeader;
import io.petrel.remoting.header.NamesrvHeaders.GetKVListByNamespaceRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.GetRouteInfoRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.GetTopicsByClusterRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.PutKVConfigRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.QueryDataVersionRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.QueryDataVersionResponseHeader;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerResponseHeader;
import io.petrel.remoting.header.NamesrvHeaders.UnregisterBrokerRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.WipeWritePermOfBrokerRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.WipeWritePermOfBrokerResponseHeader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers the NameServer's requests (RocketMQ's DefaultRequestProcessor): registration, routes,
 * cluster info, topic lists, KV config, permission changes. A malformed header or body, or a KV
 * entry beyond {@link KvConfigManager}'s bounds, is answered with SYSTEM_ERROR naming the problem,
 * and the tables are left untouched.
 */
final class NamesrvProcessor {

    static final String NAMESPACE_ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";
    private static final int TOPIC_SYS_FLAG_UNIT = 1;
    private static final int TOPIC_SYS_FLAG_UNIT_SUB = 2;

    private final Env env;
    private final NamesrvRuntimeConfig config;
    private final RouteInfoManager routes;
    private final KvConfigManager kv;

    NamesrvProcessor(Env env, NamesrvRuntimeConfig config, RouteInfoManager routes, KvConfigManager kv) {
        this.env = env;
        this.config = config;
        this.routes = routes;
        this.kv = kv;
    }

    void registerWith(RequestDispatcher d) {
        d.register(RequestCode.REGISTER_BROKER, this::registerBroker)
                .register(RequestCode.UNREGISTER_BROKER, this::unregisterBroker)
                .register(RequestCode.GET_ROUTEINFO_BY_TOPIC, this::route)
                .register(RequestCode.GET_BROKER_CLUSTER_INFO, (ch, req) -> ok(ch, req, routes.clusterInfo()))
                .register(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
                        (ch, req) -> ok(ch, req, new TopicList(routes.allTopics(), null)))
                .register(RequestCode.GET_TOPICS_BY_CLUSTER, (ch, req) -> ok(ch, req, new TopicList(
                        routes.topicsOfCluster(req.decodeHeader(GetTopicsByClusterRequestHeader.class).cluster()), null)))
                .register(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
                        (ch, req) -> ok(ch, req, new TopicList(routes.systemTopicNames(), routes.anyMasterAddress())))
                .register(RequestCode.GET_UNIT_TOPIC_LIST,
                        (ch, req) -> ok(ch, req, new TopicList(routes.topicsWithSysFlag(TOPIC_SYS_FLAG_UNIT), null)))
                .register(RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
                        (ch, req) -> ok(ch, req, new TopicList(routes.topicsWithSysFlag(TOPIC_SYS_FLAG_UNIT_SUB), null)))
                .register(RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
                        (ch, req) -> ok(ch, req, new TopicList(routes.topicsWithSysFlag(TOPIC_SYS_FLAG_UNIT_SUB), null)))
                .register(RequestCode.DELETE_TOPIC_IN_NAMESRV, this::deleteTopic)
                .register(RequestCode.WIPE_WRITE_PERM_OF_BROKER, this::wipeWritePerm)
                .register(RequestCode.ADD_WRITE_PERM_OF_BROKER, this::addWritePerm)
                .register(RequestCode.QUERY_DATA_VERSION, this::queryDataVersion)
                .register(RequestCode.PUT_KV_CONFIG, this::putKv)
                .register(RequestCode.GET_KV_CONFIG, this::getKv)
                .register(RequestCode.DELETE_KV_CONFIG, this::deleteKv)
                .register(RequestCode.GET_KVLIST_BY_NAMESPACE, this::kvList)
                .register(RequestCode.GET_NAMESRV_CONFIG, this::getConfig)
                .register(RequestCode.UPDATE_NAMESRV_CONFIG, this::updateConfig);
    }

    private void registerBroker(RemotingChannel ch, RemotingCommand req) {
        RegisterBrokerRequestHeader h = req.decodeHeader(RegisterBrokerRequestHeader.class);
        byte[] body = req.bodyBytes();
        if (body == null) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, "REGISTER_BROKER from " + h.brokerAddr() + " has no body");
            return;
        }
        if (h.bodyCrc32() != null && h.bodyCrc32() != 0 && Crc32.masked(body) != h.bodyCrc32()) {
            env.log().warn("register of {} refused: body crc {} does not match header {}", h.brokerAddr(),
                    Crc32.masked(body), h.bodyCrc32());
            error(ch, req, ResponseCode.SYSTEM_ERROR, "crc32 not match");
            return;
        }
        RegisterBrokerBody parsed;
        try {
            parsed = RegisterBrokerBodyCodec.decode(body, h.compressed());
        } catch (BodyException e) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, e.getMessage());
            return;
        }
        String problem = topicsProblem(parsed);
        if (problem != null) {
            // A peer's body, not Petrel's bug: either broke the route table (issue 23).
            error(ch, req, ResponseCode.SYSTEM_ERROR, "REGISTER_BROKER from " + h.brokerAddr() + ": " + problem);
            return;
        }
        boolean known = routes.clusterInfo().brokerAddrTable().containsKey(h.brokerName());
        RouteInfoManager.RegisterResult result = routes.register(h.clusterName(), h.brokerAddr(), h.brokerName(),
                h.brokerId(), h.haServerAddr(), parsed.topicConfigSerializeWrapper(), ch, env.clock().nanoTime());
        if (!known) {
            env.log().info("broker {} ({} id {}) of cluster {} registered", h.brokerAddr(), h.brokerName(),
                    h.brokerId(), h.clusterName());
        }
        RemotingCommand response = RemotingCommand.success()
                .header(new RegisterBrokerResponseHeader(result.haServerAddr(), result.masterAddr()));
        Map<String, String> orderConf = kv.list(NAMESPACE_ORDER_TOPIC_CONFIG);
        if (orderConf != null) {
            response.body(Json.write(new KVTable(orderConf)));
        }
        ch.reply(req, response);
    }

    /** What is wrong with a register body's topics (no table, a config without a topic name), or null. */
    private static String topicsProblem(RegisterBrokerBody body) {
        TopicConfigSerializeWrapper topics = body.topicConfigSerializeWrapper();
        if (topics == null) {
            return null;
        }
        if (topics.topicConfigTable() == null) {
            return "topicConfigSerializeWrapper has no topicConfigTable";
        }
        for (Map.Entry<String, TopicConfig> e : topics.topicConfigTable().entrySet()) {
            if (e.getValue() == null || e.getValue().topicName() == null) {
                return "topicConfigTable entry '" + e.getKey() + "' has no topicName";
            }
        }
        return null;
    }

    private void unregisterBroker(RemotingChannel ch, RemotingCommand req) {
        UnregisterBrokerRequestHeader h = req.decodeHeader(UnregisterBrokerRequestHeader.class);
        routes.unregister(h.brokerAddr(), h.brokerName(), h.brokerId());
        env.log().info("broker {} ({} id {}) unregistered", h.brokerAddr(), h.brokerName(), h.brokerId());
        ch.reply(req, RemotingCommand.success());
    }

    /**
     * A topic's route, always in RocketMQ's "standard" JSON (quoted map keys). RocketMQ writes
     * unquoted keys to clients older than request version 401 without acceptStandardJsonOnly;
     * every official client parses the quoted form too, so Petrel has one form for all.
     */
    private void route(RemotingChannel ch, RemotingCommand req) {
        String topic = req.decodeHeader(GetRouteInfoRequestHeader.class).topic();
        String orderConf = config.current().orderMessageEnable() ? kv.get(NAMESPACE_ORDER_TOPIC_CONFIG, topic) : null;
        TopicRouteData route = routes.route(topic, orderConf);
        if (route == null) {
            error(ch, req, ResponseCode.TOPIC_NOT_EXIST, "No topic route info in name server for the topic: " + topic);
            return;
        }
        ok(ch, req, route);
    }

    private void deleteTopic(RemotingChannel ch, RemotingCommand req) {
        DeleteTopicFromNamesrvRequestHeader h = req.decodeHeader(DeleteTopicFromNamesrvRequestHeader.class);
        routes.deleteTopic(h.topic(), h.clusterName());
        ch.reply(req, RemotingCommand.success());
    }

    private void wipeWritePerm(RemotingChannel ch, RemotingCommand req) {
        String brokerName = req.decodeHeader(WipeWritePermOfBrokerRequestHeader.class).brokerName();
        int count = routes.wipeWritePerm(brokerName);
        env.log().info("wiped write permission of {} topics of broker {}", count, brokerName);
        ch.reply(req, RemotingCommand.success().header(new WipeWritePermOfBrokerResponseHeader(count)));
    }

    private void addWritePerm(RemotingChannel ch, RemotingCommand req) {
        String brokerName = req.decodeHeader(AddWritePermOfBrokerRequestHeader.class).brokerName();
        int count = routes.addWritePerm(brokerName);
        ch.reply(req, RemotingCommand.success().header(new AddWritePermOfBrokerResponseHeader(count)));
    }

    private void queryDataVersion(RemotingChannel ch, RemotingCommand req) {
        QueryDataVersionRequestHeader h = req.decodeHeader(QueryDataVersionRequestHeader.class);
        DataVersion version = Json.read(req.bodyBytes(), DataVersion.class);
        boolean changed = routes.isDataVersionChanged(h.brokerAddr(), version);
        if (!changed) {
            routes.touch(h.brokerAddr(), env.clock().nanoTime());
        }
        ch.reply(req, RemotingCommand.success().header(new QueryDataVersionResponseHeader(changed))
                .body(Json.write(version)));
    }

    private void putKv(RemotingChannel ch, RemotingCommand req) {
        PutKVConfigRequestHeader h = req.decodeHeader(PutKVConfigRequestHeader.class);
        // Answered once the file holds the entry: an answered put survives a stop or a crash right after.
        String refused = kv.put(h.namespace(), h.key(), h.value(), () -> ch.reply(req, RemotingCommand.success()));
        if (refused != null) {
            // SYSTEM_ERROR: RocketMQ's answer to a PUT_KV_CONFIG it refuses ("namespace or key is null").
            env.log().warn("PUT_KV_CONFIG from {} refused: {}", ch.remoteAddress(), refused);
            error(ch, req, ResponseCode.SYSTEM_ERROR, refused);
        }
    }

    private void getKv(RemotingChannel ch, RemotingCommand req) {
        GetKVConfigRequestHeader h = req.decodeHeader(GetKVConfigRequestHeader.class);
        String value = kv.get(h.namespace(), h.key());
        if (value == null) {
            error(ch, req, ResponseCode.QUERY_NOT_FOUND,
                    "No config item, Namespace: " + h.namespace() + " Key: " + h.key());
            return;
        }
        ch.reply(req, RemotingCommand.success().header(new GetKVConfigResponseHeader(value)));
    }

    private void deleteKv(RemotingChannel ch, RemotingCommand req) {
        DeleteKVConfigRequestHeader h = req.decodeHeader(DeleteKVConfigRequestHeader.class);
        kv.delete(h.namespace(), h.key(), () -> ch.reply(req, RemotingCommand.success()));
    }

    private void kvList(RemotingChannel ch, RemotingCommand req) {
        String namespace = req.decodeHeader(GetKVListByNamespaceRequestHeader.class).namespace();
        Map<String, String> table = kv.list(namespace);
        if (table == null) {
            error(ch, req, ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + namespace);
            return;
        }
        ok(ch, req, new KVTable(table));
    }

    private void getConfig(RemotingChannel ch, RemotingCommand req) {
        StringBuilder text = new StringBuilder();
        config.current().values().render(false).forEach(line -> text.append(line).append('\n'));
        ch.reply(req, RemotingCommand.success().body(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A properties text; see {@link NamesrvRuntimeConfig} for which keys may change. An empty body changes nothing. */
    private void updateConfig(RemotingChannel ch, RemotingCommand req) {
        byte[] body = req.bodyBytes();
        if (body == null || body.length == 0) {
            ch.reply(req, RemotingCommand.success());
            return;
        }
        Map<String, String> properties;
        try {
            properties = PropertiesText.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            error(ch, req, ResponseCode.SYSTEM_ERROR, "string2Properties error: " + String.join("; ", e.problems()));
            return;
        }
        NamesrvRuntimeConfig.Outcome outcome = config.update(properties);
        if (outcome.ok()) {
            env.log().info("updateNamesrvConfig from {} changed {}", ch.remoteAddress(), outcome.changedKeys());
            ch.reply(req, RemotingCommand.success());
        } else {
            env.log().warn("updateNamesrvConfig from {} refused ({}): {}", ch.remoteAddress(), properties.keySet(),
                    outcome.remark());
            error(ch, req, outcome.code(), outcome.remark());
        }
    }

    /** For logs: a short description of the cluster. */
    static String describe(ClusterInfo info) {
        return info.brokerAddrTable().size() + " broker groups in " + info.clusterAddrTable().size() + " clusters";
    }
}
