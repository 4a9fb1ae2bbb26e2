package io.petrel.real.mqadmin;

import io.petrel.admin.AdminException;
import io.petrel.admin.PeerResult;
import io.petrel.admin.TopicOperations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The NameServer configuration commands: getNamesrvConfig, updateNamesrvConfig, updateOrderConf. */
final class NamesrvCommands {

    private NamesrvCommands() {
    }

    @Command(name = "getNamesrvConfig", description = "Print the configuration of every NameServer")
    static final class GetNamesrvConfig extends AdminCommand {
        @Override
        int run() {
            List<PeerResult<Map<String, String>>> configs = call(a -> a.namesrv().configs());
            NamesrvRenderer.configs(configs, out());
            return exitCode(configs);
        }
    }

    /**
     * Changes one key of every NameServer (those given with -n, else NAMESRV_ADDR's), which applies
     * it at once when it allows the key and refuses it, naming it, when not.
     */
    @Command(name = "updateNamesrvConfig", description = "Update configs of name server.")
    static final class UpdateNamesrvConfig extends AdminCommand {
        @Option(names = {"-k", "--key"}, required = true, description = "config key")
        String key;
        @Option(names = {"-v", "--value"}, required = true, description = "config value")
        String value;

        @Override
        int run() {
            String k = key.trim();
            String v = value.trim();
            if (k.isEmpty() || k.chars().anyMatch(c -> c == '=' || c == ':' || Character.isWhitespace(c))) {
                throw invalid("invalid config key '" + key + "': it must be one word without '=' or ':'");
            }
            if (v.contains("\n") || v.contains("\r")) {
                throw invalid("the value of " + k + " must be one line");
            }
            Map<String, String> change = new TreeMap<>();
            change.put(k, v);
            List<PeerResult<Void>> r = call(a -> a.namesrv().updateConfig(change));
            List<String> given = namesrvAddr == null ? null : List.of(namesrvAddr.trim().split(";"));
            NamesrvRenderer.configUpdated(given, k, v, r, out());
            return exitCode(r);
        }
    }

    /**
     * The ORDER_TOPIC_CONFIG value of a topic ({@code brokerName:queues;...}), which ordered
     * producers route by: read from one NameServer, written to or deleted from every one.
     */
    @Command(name = "updateOrderConf", description = "Create or update or delete order conf")
    static final class UpdateOrderConf extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;
        @Option(names = {"-v", "--orderConf"}, description = "order conf, e.g. brokerName1:num;brokerName2:num")
        String orderConf;
        @Option(names = {"-m", "--method"}, required = true, description = "put, get or delete")
        String method;

        @Override
        int run() {
            String t = topic.trim();
            String ns = TopicOperations.ORDER_TOPIC_CONFIG;
            switch (method.trim()) {
                case "get" -> {
                    Optional<String> conf = call(a -> a.namesrv().kvGet(ns, t));
                    String value = conf.orElseThrow(() -> new AdminException(AdminException.Kind.NOT_FOUND,
                            "no order conf for topic " + t + " (ORDER_TOPIC_CONFIG has no such key)"));
                    NamesrvRenderer.orderConfRead(t, value, out());
                    return OK;
                }
                case "put" -> {
                    if (orderConf == null || orderConf.isBlank()) {
                        throw invalid("please set orderConf with option -v.");
                    }
                    String value = orderConf.trim();
                    List<PeerResult<Void>> r = call(a -> a.namesrv().kvPut(ns, t, value));
                    ClusterRenderer.kvWritten(Formats.f("update orderConf success. topic=[%s], orderConf=[%s]", t, value),
                            "update orderConf", r, out());
                    return exitCode(r);
                }
                case "delete" -> {
                    List<PeerResult<Void>> r = call(a -> a.namesrv().kvDelete(ns, t));
                    ClusterRenderer.kvWritten(Formats.f("delete orderConf success. topic=[%s]", t), "delete orderConf", r, out());
                    return exitCode(r);
                }
                default -> throw invalid("-m must be put, get or delete, not '" + method + "'");
            }
        }
    }
}
