package io.petrel.admin;

import io.petrel.common.ClusterInfo;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.TopicList;
import io.petrel.common.TopicRouteData;
import io.petrel.config.PropertiesText;
import io.petrel.env.Address;
import io.petrel.env.RandomSource;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.NamesrvHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The NameServer requests mqadmin sends. Reads go to one NameServer, chosen at random once and
 * kept while it answers, as RocketMQ's client does; when it cannot be reached the next one is
 * tried, and only when none answers does the call fail with "no NameServer reachable at ...".
 * Writes that every NameServer must see (KV config, write permission, topic deletion) go to
 * each address given and report each outcome.
 */
public final class NamesrvAdmin {

    private final AdminRpc rpc;
    private final List<Address> addresses;
    private int current;

    NamesrvAdmin(AdminRpc rpc, List<Address> addresses, RandomSource random) {
        this.rpc = rpc;
        this.addresses = List.copyOf(addresses);
        this.current = addresses.isEmpty() ? 0 : random.nextInt(addresses.size());
    }

    public List<Address> addresses() {
        return addresses;
    }

    /** The NameServer list as mqadmin's -n takes it: {@code host:port;host:port}. */
    public String addressText() {
        List<String> parts = new ArrayList<>();
        addresses.forEach(a -> parts.add(a.toString()));
        return String.join(";", parts);
    }

    public Promise<ClusterInfo> clusterInfo() {
        return read(RequestCode.GET_BROKER_CLUSTER_INFO)
                .map(r -> Bodies.json(r, ClusterInfo.class, "NameServer"));
    }

    public Promise<TopicList> allTopics() {
        return read(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)
                .map(r -> Bodies.json(r, TopicList.class, "NameServer"));
    }

    public Promise<TopicList> topicsOfCluster(String cluster) {
        return read(RequestCode.GET_TOPICS_BY_CLUSTER, new NamesrvHeaders.GetTopicsByClusterRequestHeader(cluster))
                .map(r -> Bodies.json(r, TopicList.class, "NameServer"));
    }

    /** The topic's route; fails with {@link AdminException.Kind#TOPIC_NOT_EXIST} when there is none. */
    public Promise<TopicRouteData> route(String topic) {
        return readAny(() -> RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                new NamesrvHeaders.GetRouteInfoRequestHeader(topic, null))).map(r -> {
                    if (r.code() == ResponseCode.TOPIC_NOT_EXIST) {
                        throw AdminException.topicNotExist(topic);
                    }
                    AdminRpc.requireSuccess("NameServer", RequestCode.describe(RequestCode.GET_ROUTEINFO_BY_TOPIC), r);
                    return Bodies.json(r, TopicRouteData.class, "NameServer");
                });
    }

    /** A KV config value, or empty when the NameServer has none. */
    public Promise<Optional<String>> kvGet(String namespace, String key) {
        return readAny(() -> RemotingCommand.request(RequestCode.GET_KV_CONFIG,
                new NamesrvHeaders.GetKVConfigRequestHeader(namespace, key))).map(r -> {
                    if (r.code() == ResponseCode.QUERY_NOT_FOUND) {
                        return Optional.<String>empty();
                    }
                    AdminRpc.requireSuccess("NameServer", RequestCode.describe(RequestCode.GET_KV_CONFIG), r);
                    return Optional.ofNullable(r.decodeHeader(NamesrvHeaders.GetKVConfigResponseHeader.class).value());
                });
    }

    /** Every key of a KV namespace, sorted; empty when the namespace does not exist. */
    public Promise<Map<String, String>> kvList(String namespace) {
        return readAny(() -> RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE,
                new NamesrvHeaders.GetKVListByNamespaceRequestHeader(namespace))).map(r -> {
                    if (r.code() == ResponseCode.QUERY_NOT_FOUND) {
                        return new TreeMap<String, String>();
                    }
                    AdminRpc.requireSuccess("NameServer", RequestCode.describe(RequestCode.GET_KVLIST_BY_NAMESPACE), r);
                    KVTable table = Bodies.json(r, KVTable.class, "NameServer");
                    return table.table() == null ? new TreeMap<String, String>() : new TreeMap<>(table.table());
                });
    }

    public Promise<List<PeerResult<Void>>> kvPut(String namespace, String key, String value) {
        return everyNamesrv(() -> RemotingCommand.request(RequestCode.PUT_KV_CONFIG,
                new NamesrvHeaders.PutKVConfigRequestHeader(namespace, key, value)), r -> null);
    }

    public Promise<List<PeerResult<Void>>> kvDelete(String namespace, String key) {
        return everyNamesrv(() -> RemotingCommand.request(RequestCode.DELETE_KV_CONFIG,
                new NamesrvHeaders.DeleteKVConfigRequestHeader(namespace, key)), r -> null);
    }

    /** Clears the write permission of a broker's topics; each NameServer reports how many it changed. */
    public Promise<List<PeerResult<Integer>>> wipeWritePerm(String brokerName) {
        return everyNamesrv(() -> RemotingCommand.request(RequestCode.WIPE_WRITE_PERM_OF_BROKER,
                new NamesrvHeaders.WipeWritePermOfBrokerRequestHeader(brokerName)),
                r -> r.decodeHeader(NamesrvHeaders.WipeWritePermOfBrokerResponseHeader.class).wipeTopicCount());
    }

    public Promise<List<PeerResult<Integer>>> addWritePerm(String brokerName) {
        return everyNamesrv(() -> RemotingCommand.request(RequestCode.ADD_WRITE_PERM_OF_BROKER,
                new NamesrvHeaders.AddWritePermOfBrokerRequestHeader(brokerName)),
                r -> r.decodeHeader(NamesrvHeaders.AddWritePermOfBrokerResponseHeader.class).addTopicCount());
    }

    /** Removes a topic's route from every NameServer (only the cluster's brokers' queues when given). */
    public Promise<List<PeerResult<Void>>> deleteTopic(String topic, String cluster) {
        return everyNamesrv(() -> RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV,
                new NamesrvHeaders.DeleteTopicFromNamesrvRequestHeader(topic, cluster)), r -> null);
    }

    /** getNamesrvConfig: every NameServer's configuration as it reports it, keys sorted. */
    public Promise<List<PeerResult<Map<String, String>>>> configs() {
        return everyNamesrv(() -> RemotingCommand.request(RequestCode.GET_NAMESRV_CONFIG, null), r -> {
            byte[] body = r.bodyBytes();
            return new TreeMap<>(PropertiesText.parse(body == null ? "" : new String(body, StandardCharsets.UTF_8)));
        });
    }

    /**
     * updateNamesrvConfig: UPDATE_NAMESRV_CONFIG with {@code key=value} lines, as mqadmin sends them,
     * to every NameServer; each reports whether it took the change (a NameServer refuses keys it
     * does not allow changing at runtime, naming them).
     */
    public Promise<List<PeerResult<Void>>> updateConfig(Map<String, String> changes) {
        StringBuilder text = new StringBuilder();
        changes.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        return everyNamesrv(() -> RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG, null).body(body), r -> null);
    }

    /** A read without a header that must succeed. */
    private Promise<RemotingCommand> read(int code) {
        return readAny(() -> RemotingCommand.request(code, null))
                .map(r -> AdminRpc.requireSuccess("NameServer", RequestCode.describe(code), r));
    }

    /** A read with a header that must succeed. */
    private Promise<RemotingCommand> read(int code, Object header) {
        return readAny(() -> RemotingCommand.request(code, header))
                .map(r -> AdminRpc.requireSuccess("NameServer", RequestCode.describe(code), r));
    }

    /** A read that returns whatever the first reachable NameServer answered. */
    private Promise<RemotingCommand> readAny(Supplier<RemotingCommand> request) {
        if (addresses.isEmpty()) {
            return Promise.failed(noAddress());
        }
        Map<Address, String> failures = new LinkedHashMap<>();
        return attempt(request, 0, failures);
    }

    private Promise<RemotingCommand> attempt(Supplier<RemotingCommand> request, int tried, Map<Address, String> failures) {
        if (tried == addresses.size()) {
            return Promise.failed(unreachable(failures));
        }
        int index = (current + tried) % addresses.size();
        Address address = addresses.get(index);
        return rpc.call("NameServer " + address, address, request.get(), rpc.timeoutMs()).map(r -> {
            current = index;
            return r;
        }).recover(e -> {
            if (e.kind() == AdminException.Kind.REMOTE_ERROR) {
                return Promise.failed(e);
            }
            failures.put(address, e.getMessage());
            return attempt(request, tried + 1, failures);
        });
    }

    private <T> Promise<List<PeerResult<T>>> everyNamesrv(Supplier<RemotingCommand> request,
            Function<RemotingCommand, T> result) {
        if (addresses.isEmpty()) {
            return Promise.failed(noAddress());
        }
        List<Promise<T>> calls = new ArrayList<>();
        for (Address address : addresses) {
            String peer = "NameServer " + address;
            calls.add(rpc.success(peer, address, request.get(), rpc.timeoutMs()).map(result));
        }
        return Promise.allSettled(calls).map(outcomes -> {
            List<PeerResult<T>> results = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                results.add(PeerResult.of(addresses.get(i).toString(), outcomes.get(i)));
            }
            if (results.stream().noneMatch(PeerResult::isOk) && results.stream().allMatch(NamesrvAdmin::unreachable)) {
                Map<Address, String> failures = new LinkedHashMap<>();
                for (int i = 0; i < results.size(); i++) {
                    failures.put(addresses.get(i), results.get(i).error().getMessage());
                }
                throw unreachable(failures);
            }
            return results;
        });
    }

    private static boolean unreachable(PeerResult<?> r) {
        return r.error() != null && (r.error().kind() == AdminException.Kind.BROKER_UNREACHABLE
                || r.error().kind() == AdminException.Kind.TIMEOUT);
    }

    static AdminException noAddress() {
        return new AdminException(AdminException.Kind.NO_NAMESRV_ADDRESS,
                "no NameServer address given: use -n host:port[;host:port] or set NAMESRV_ADDR");
    }

    private AdminException unreachable(Map<Address, String> failures) {
        List<String> reasons = new ArrayList<>(failures.values());
        return new AdminException(AdminException.Kind.NAMESRV_UNREACHABLE, "no NameServer reachable at "
                + addressText() + " (" + String.join("; ", reasons) + ")");
    }
}
