package io.petrel.real.mqadmin;

import io.petrel.admin.AdminException;
import io.petrel.admin.BrokerConfigSection;
import io.petrel.admin.Promise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The commands that write a cluster's settings to a JSON file: exportConfigs. The file goes to
 * {@code -f} or, as mqadmin writes it, to {@code rocketmq/export} under the temporary directory.
 */
final class ExportCommands {

    /** The broker settings exportConfigs keeps, as mqadmin picks them. */
    static final List<String> EXPORTED_BROKER_KEYS = List.of("brokerClusterName", "brokerId", "brokerName", "brokerRole",
            "fileReservedTime", "filterServerNums", "flushDiskType", "maxMessageSize", "messageDelayLevel", "msgTraceTopicName",
            "slaveReadEnable", "traceOn", "traceTopicEnable", "useTLS", "autoCreateTopicEnable", "autoCreateSubscriptionGroup");

    private ExportCommands() {
    }

    static Path directory(MqAdminContext context, String filePath) {
        return filePath == null ? context.bodyDir().resolveSibling("export") : Path.of(filePath.trim());
    }

    /** Writes {@code json} to {@code file}, creating its directory; a failure is the command's failure. */
    static void write(Path file, String json) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "cannot write " + file + ": " + e);
        }
    }

    /**
     * Each master's chosen settings (keyed by broker name) and the cluster's size: NameServers
     * given, masters and slaves. A setting the broker does not report is left out, where mqadmin
     * would fail on it.
     */
    @Command(name = "exportConfigs", description = "export configs")
    static final class ExportConfigs extends AdminCommand {
        @Option(names = {"-c", "--clusterName"}, required = true, description = "choose a cluster to export")
        String clusterName;
        @Option(names = {"-f", "--filePath"}, description = "directory of configs.json | default /tmp/rocketmq/export")
        String filePath;

        @Override
        int run() {
            Path file = directory(context(), filePath).resolve("configs.json");
            List<BrokerConfigSection> sections = call(a -> a.cluster().brokerConfigOfCluster(clusterName.trim()));
            int namesrvs = call(a -> Promise.of(a.namesrv().addresses().size()));
            write(file, configsJson(sections, namesrvs));
            out().print(Formats.f("export %s success%n", file));
            return OK;
        }
    }

    /** configs.json: the masters' chosen settings by broker name, and the cluster's size. */
    static String configsJson(List<BrokerConfigSection> sections, int namesrvs) {
        Map<String, Map<String, String>> brokerConfigs = new TreeMap<>();
        int masters = 0;
        for (BrokerConfigSection s : sections) {
            if (s.masterAddress() != null) {
                continue;
            }
            masters++;
            if (!s.config().isOk()) {
                throw s.config().error();
            }
            Map<String, String> picked = new TreeMap<>();
            EXPORTED_BROKER_KEYS.forEach(k -> {
                if (s.config().value().get(k) != null) {
                    picked.put(k, s.config().value().get(k));
                }
            });
            brokerConfigs.put(s.config().value().get("brokerName"), picked);
        }
        Map<String, Integer> scale = new TreeMap<>(Map.of("namesrvSize", namesrvs, "masterBrokerSize", masters,
                "slaveBrokerSize", sections.size() - masters));
        return PrettyJson.of(new TreeMap<>(Map.of("brokerConfigs", brokerConfigs, "clusterScale", scale)));
    }
}
