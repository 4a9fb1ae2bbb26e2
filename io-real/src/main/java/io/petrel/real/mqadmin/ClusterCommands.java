package io.petrel.real.mqadmin;

import io.petrel.admin.ClusterListing;
import io.petrel.admin.PeerResult;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cluster and NameServer commands: clusterList, brokerStatus, getBrokerConfig,
 * updateBrokerConfig, wipeWritePerm, addWritePerm, updateKvConfig, deleteKvConfig, statsAll.
 */
final class ClusterCommands {

    private ClusterCommands() {
    }

    @Command(name = "clusterList", description = "List every broker of every cluster with its load")
    static final class ClusterList extends AdminCommand {
        @Option(names = {"-m", "--moreStats"}, description = "print messages in and out yesterday and today instead")
        boolean moreStats;
        @Option(names = {"-i", "--interval"}, description = "print again every this many seconds, until stopped")
        Long intervalSeconds;
        @Option(names = "--times", hidden = true, description = "with -i, stop after this many prints (for tests)")
        Long times;

        @Override
        int run() {
            if (intervalSeconds != null && intervalSeconds < 1) {
                throw invalid("-i must be at least 1 second");
            }
            long printed = 0;
            do {
                if (printed > 0 && !pause(intervalSeconds * 1000)) {
                    break;
                }
                ClusterListing listing = call(a -> a.cluster().clusterList());
                if (moreStats) {
                    ClusterRenderer.clusterListMore(listing, out());
                } else {
                    ClusterRenderer.clusterList(listing, out());
                }
                listing.rows().stream().filter(r -> !r.runtime().isOk()).forEach(r -> err().println(
                        "mqadmin clusterList: runtime info of " + r.address() + " could not be read: "
                                + r.runtime().error().getMessage()));
                printed++;
            } while (intervalSeconds != null && (times == null || printed < times));
            return OK;
        }

        static boolean pause(long millis) {
            try {
                Thread.sleep(millis);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Command(name = "brokerStatus", description = "Print a broker's runtime figures")
    static final class BrokerStatus extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "broker address host:port")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "every broker (masters and slaves) of this cluster")
        String clusterName;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            if (brokerAddr != null) {
                ClusterRenderer.brokerStatus(call(a -> a.cluster().brokerStatus(brokerAddr.trim())), out());
                return OK;
            }
            List<PeerResult<Map<String, String>>> r = call(a -> a.cluster().brokerStatusOfCluster(clusterName.trim()));
            ClusterRenderer.brokerStatusOfCluster(r, out());
            return exitCode(r);
        }
    }

    @Command(name = "getBrokerConfig", description = "Print a broker's configuration")
    static final class GetBrokerConfig extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "broker address host:port")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "every master of this cluster and its slaves")
        String clusterName;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            var sections = brokerAddr != null ? call(a -> a.cluster().brokerConfig(brokerAddr.trim()))
                    : call(a -> a.cluster().brokerConfigOfCluster(clusterName.trim()));
            ClusterRenderer.brokerConfig(sections, out());
            return sections.stream().allMatch(s -> s.config().isOk()) ? OK : FAILED;
        }
    }

    @Command(name = "updateBrokerConfig", description = "Change one setting of a broker while it runs")
    static final class UpdateBrokerConfig extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "broker address host:port")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "every master of this cluster")
        String clusterName;
        @Option(names = {"-k", "--key"}, required = true, description = "config key")
        String key;
        @Option(names = {"-v", "--value"}, required = true, description = "config value")
        String value;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            String k = key.trim();
            String v = value.trim();
            List<PeerResult<Void>> r = brokerAddr != null ? call(a -> a.cluster().updateBrokerConfig(brokerAddr.trim(), k, v))
                    : call(a -> a.cluster().updateBrokerConfigOfCluster(clusterName.trim(), k, v));
            ClusterRenderer.brokerConfigUpdated(r, out());
            return exitCode(r);
        }
    }

    @Command(name = "wipeWritePerm", description = "Stop writes to a broker's topics, in every NameServer given with -n")
    static final class WipeWritePerm extends AdminCommand {
        @Option(names = {"-b", "--brokerName"}, required = true, description = "broker name (not address)")
        String brokerName;

        @Override
        int run() {
            String name = brokerName.trim();
            List<PeerResult<Integer>> r = call(a -> a.namesrv().wipeWritePerm(name));
            ClusterRenderer.writePerm("wipe", name, r, out());
            return exitCode(r);
        }
    }

    @Command(name = "addWritePerm", description = "Allow writes to a broker's topics again, in every NameServer given with -n")
    static final class AddWritePerm extends AdminCommand {
        @Option(names = {"-b", "--brokerName"}, required = true, description = "broker name (not address)")
        String brokerName;

        @Override
        int run() {
            String name = brokerName.trim();
            List<PeerResult<Integer>> r = call(a -> a.namesrv().addWritePerm(name));
            ClusterRenderer.writePerm("add", name, r, out());
            return exitCode(r);
        }
    }

    @Command(name = "updateKvConfig", description = "Set a KV config value in every NameServer")
    static final class UpdateKvConfig extends AdminCommand {
        @Option(names = {"-s", "--namespace"}, required = true, description = "namespace")
        String namespace;
        @Option(names = {"-k", "--key"}, required = true, description = "key")
        String key;
        @Option(names = {"-v", "--value"}, required = true, description = "value")
        String value;

        @Override
        int run() {
            List<PeerResult<Void>> r = call(a -> a.namesrv().kvPut(namespace.trim(), key.trim(), value.trim()));
            ClusterRenderer.kvWritten("create or update kv config to namespace success.", "update kv config", r, out());
            return exitCode(r);
        }
    }

    @Command(name = "deleteKvConfig", description = "Delete a KV config value from every NameServer")
    static final class DeleteKvConfig extends AdminCommand {
        @Option(names = {"-s", "--namespace"}, required = true, description = "namespace")
        String namespace;
        @Option(names = {"-k", "--key"}, required = true, description = "key")
        String key;

        @Override
        int run() {
            List<PeerResult<Void>> r = call(a -> a.namesrv().kvDelete(namespace.trim(), key.trim()));
            ClusterRenderer.kvWritten("delete kv config from namespace success.", "delete kv config", r, out());
            return exitCode(r);
        }
    }

    @Command(name = "statsAll", description = "Print put and get rates, 24-hour counts and backlog of every topic and group")
    static final class StatsAll extends AdminCommand {
        @Option(names = {"-a", "--activeTopic"}, description = "only topics with traffic in the last 24 hours")
        boolean activeTopic;
        @Option(names = {"-t", "--topic"}, description = "only this topic")
        String topic;

        @Override
        int run() {
            String only = topic == null ? null : topic.trim();
            ClusterRenderer.statsAll(call(a -> a.statsAll(only, activeTopic)), out());
            return OK;
        }
    }
}
