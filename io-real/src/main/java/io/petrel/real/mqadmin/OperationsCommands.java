package io.petrel.real.mqadmin;

import io.petrel.admin.AdminClient;
import io.petrel.admin.PeerResult;
import io.petrel.admin.Promise;
import io.petrel.common.ConsumeStatsList;
import io.petrel.common.ProducerTableInfo;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The commands an operator runs on a broker's groups and store: brokerConsumeStats and producer
 * (reads), and cleanExpiredCQ, deleteExpiredCommitLog and cleanUnusedTopic, which make brokers
 * delete files. Under ACL the three deleting requests need an admin account, like the other
 * requests that change a broker.
 */
final class OperationsCommands {

    /** mqadmin brokerConsumeStats's request timeout when -t is not given. */
    static final long CONSUME_STATS_TIMEOUT_MS = 50_000;

    private OperationsCommands() {
    }

    @Command(name = "brokerConsumeStats", description = "Fetch broker consume stats data")
    static final class BrokerConsumeStats extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, required = true, description = "Broker address")
        String brokerAddr;
        @Option(names = {"-t", "--timeoutMillis"}, description = "request timeout Millis (default 50000)")
        Long timeoutMillis;
        @Option(names = {"-l", "--level"}, description = "threshold of print diff (default 0)")
        Long level;
        @Option(names = {"-o", "--order"}, description = "only ordered topics: true or false (default)")
        String order;

        @Override
        int run() {
            boolean orderOnly = bool("-o", order, false);
            long timeoutMs = timeoutMillis == null ? CONSUME_STATS_TIMEOUT_MS : timeoutMillis;
            if (timeoutMs < 1) {
                throw invalid("-t must be at least 1 millisecond, not " + timeoutMs);
            }
            long diffLevel = level == null ? 0 : level;
            String address = brokerAddr.trim();
            ConsumeStatsList list = call(a -> a.broker().consumeStatsInBroker(address, orderOnly, timeoutMs));
            OperationsRenderer.brokerConsumeStats(list, diffLevel, context().zone(), out());
            return OK;
        }
    }

    @Command(name = "producer", description = "Query producer's instances, connection, status, etc.")
    static final class Producer extends AdminCommand {
        @Option(names = {"-b", "--broker"}, required = true, description = "broker address")
        String broker;

        @Override
        int run() {
            String address = broker.trim();
            ProducerTableInfo table = call(a -> a.broker().allProducerInfo(address));
            OperationsRenderer.producers(table, out());
            return OK;
        }
    }

    /**
     * The shape of cleanExpiredCQ, deleteExpiredCommitLog and cleanUnusedTopic: one broker (-b),
     * every broker of a cluster (-c), or, with neither, every broker the NameServer knows, masters
     * and slaves, as mqadmin does; prints success or, naming each broker that failed, false.
     */
    abstract static class StoreMaintenance extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "Broker address")
        String brokerAddr;
        @Option(names = {"-c", "--cluster"}, description = "cluster name (neither -b nor -c: every cluster)")
        String cluster;

        /** The request to send to each broker. */
        abstract BiFunction<AdminClient, String, Promise<Void>> request();

        @Override
        final int run() {
            if (brokerAddr != null && cluster != null) {
                throw invalid("give -b or -c, not both");
            }
            String address = brokerAddr == null ? null : brokerAddr.trim();
            String clusterName = cluster == null ? null : cluster.trim();
            BiFunction<AdminClient, String, Promise<Void>> request = request();
            List<PeerResult<Void>> results = call(a -> a.cluster().onBrokers(address, clusterName, b -> request.apply(a, b)));
            OperationsRenderer.maintained(results, out());
            return exitCode(results);
        }
    }

    @Command(name = "cleanExpiredCQ", description = "Clean expired ConsumeQueue on broker.")
    static final class CleanExpiredCq extends StoreMaintenance {
        @Override
        BiFunction<AdminClient, String, Promise<Void>> request() {
            return (a, address) -> a.broker().cleanExpiredConsumeQueue(address);
        }
    }

    @Command(name = "deleteExpiredCommitLog", description = "Delete expired CommitLog files")
    static final class DeleteExpiredCommitLog extends StoreMaintenance {
        @Override
        BiFunction<AdminClient, String, Promise<Void>> request() {
            return (a, address) -> a.broker().deleteExpiredCommitLog(address);
        }
    }

    @Command(name = "cleanUnusedTopic", description = "Clean unused topic on broker.")
    static final class CleanUnusedTopic extends StoreMaintenance {
        @Override
        BiFunction<AdminClient, String, Promise<Void>> request() {
            return (a, address) -> a.broker().cleanUnusedTopic(address);
        }
    }
}
