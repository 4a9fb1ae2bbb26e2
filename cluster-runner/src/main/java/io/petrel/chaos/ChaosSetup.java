package io.petrel.chaos;

import io.petrel.cluster.NodeProcess;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.env.Address;
import io.petrel.real.admin.BlockingAdmin;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Before a run's workload starts: the workload's topics and consumer groups created on every master
 * (the shipped conf sets create neither automatically), and the run waits until every slave has
 * copied them, so that a consumer reading from a slave while its master is down finds its group there.
 */
final class ChaosSetup {

    private static final long REQUEST_TIMEOUT_MS = 5_000;
    private static final long POLL_MS = 500;

    private ChaosSetup() {
    }

    static void createTopicsAndGroups(String namesrvAddr, List<NodeProcess> masters, List<NodeProcess> slaves, Path scratch,
            long boundMs) throws InterruptedException {
        List<Address> namesrvs = Arrays.stream(namesrvAddr.split(";")).map(Address::parse).toList();
        try (BlockingAdmin admin = BlockingAdmin.start(namesrvs, REQUEST_TIMEOUT_MS, 2 * REQUEST_TIMEOUT_MS, scratch)) {
            for (NodeProcess master : masters) {
                for (String topic : ChaosWorkload.TOPICS) {
                    TopicConfig config = TopicConfig.of(topic, ChaosWorkload.QUEUES, ChaosWorkload.QUEUES, 6);
                    admin.call(a -> a.broker().createTopic(master.address(), config));
                }
                for (String g : ChaosWorkload.groupNames()) {
                    admin.call(a -> a.broker().createSubscriptionGroup(master.address(), SubscriptionGroupConfig.defaults(g)));
                }
            }
            long deadline = System.nanoTime() + boundMs * 1_000_000;
            for (NodeProcess slave : slaves) {
                while (!copied(admin, slave)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("slave " + slave.name() + " did not copy the workload's topics and groups from its"
                                + " master within " + boundMs / 1000 + " s");
                    }
                    Thread.sleep(POLL_MS);
                }
            }
        }
    }

    private static boolean copied(BlockingAdmin admin, NodeProcess slave) {
        Map<String, TopicConfig> topics = admin.call(a -> a.broker().topicConfigs(slave.address()));
        Map<String, SubscriptionGroupConfig> groups = admin.call(a -> a.broker().subscriptionGroups(slave.address()));
        return topics.keySet().containsAll(ChaosWorkload.TOPICS)
                && groups.keySet().containsAll(ChaosWorkload.groupNames());
    }
}
