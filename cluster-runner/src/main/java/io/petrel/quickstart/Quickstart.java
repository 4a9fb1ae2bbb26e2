package io.petrel.quickstart;

import io.petrel.common.BrokerData;
import io.petrel.common.ClusterInfo;
import io.petrel.common.QueueData;
import io.petrel.common.TopicRouteData;
import io.petrel.env.Address;
import io.petrel.real.admin.BlockingAdmin;
import io.petrel.real.main.MqAdminMain;
import io.petrel.real.mqadmin.MqAdmin;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of {@code bin/quickstart} that talks to the cluster:
 * {@code Quickstart NAMESRV_ADDR CLUSTER BROKER_NAME...}. It waits until every named broker has
 * registered, creates {@value #TOPIC} (8 queues on each master) and {@value #GROUP} with the same
 * mqadmin commands an operator types (run in this process, printed with their output), sends one
 * message and consumes it ({@link RoundTrip}), and prints clusterList. Exit code 0 when the
 * message came back, 1 with the reason otherwise. Creating the topic and group again on a reused
 * cluster changes nothing, and the group's committed offset makes a second run consume only its
 * own message.
 */
public final class Quickstart {

    static final String TOPIC = "QuickstartTopic";
    static final String GROUP = "QuickstartConsumerGroup";
    static final String PRODUCER_GROUP = "QuickstartProducerGroup";
    private static final long REGISTER_WAIT_MS = 60_000;
    private static final long ROUTE_WAIT_MS = 30_000;

    private final PrintStream out;
    private final String namesrvAddr;
    private final String cluster;
    private final List<String> brokerNames;

    Quickstart(PrintStream out, String namesrvAddr, String cluster, List<String> brokerNames) {
        this.out = out;
        this.namesrvAddr = namesrvAddr;
        this.cluster = cluster;
        this.brokerNames = brokerNames;
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: Quickstart NAMESRV_ADDR CLUSTER BROKER_NAME...");
            System.exit(2);
        }
        List<String> brokers = List.of(args).subList(2, args.length);
        int code;
        try {
            new Quickstart(System.out, args[0], args[1], brokers).run();
            code = 0;
        } catch (QuickstartException e) {
            System.out.flush();
            System.err.println("quickstart: " + e.getMessage());
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    void run() {
        try (BlockingAdmin admin = BlockingAdmin.start(List.of(Address.parse(namesrvAddr)), 5_000, 10_000,
                Path.of(System.getProperty("java.io.tmpdir")))) {
            out.printf("Waiting for %s of cluster %s to register with the NameServer %s...%n",
                    String.join(" and ", brokerNames), cluster, namesrvAddr);
            Poll.until("the brokers to register", REGISTER_WAIT_MS, () -> registered(admin) ? Boolean.TRUE : null);
            mqadmin("updateTopic", "-n", namesrvAddr, "-c", cluster, "-t", TOPIC, "-r", "8", "-w", "8");
            mqadmin("updateSubGroup", "-n", namesrvAddr, "-c", cluster, "-g", GROUP, "-s", "true", "-r", "1");
            Poll.until("the route of " + TOPIC + " to name every broker", ROUTE_WAIT_MS,
                    () -> routed(admin) ? Boolean.TRUE : null);
        }
        new RoundTrip(out, namesrvAddr, TOPIC, GROUP, PRODUCER_GROUP).run();
        mqadmin("clusterList", "-n", namesrvAddr);
    }

    private boolean registered(BlockingAdmin admin) {
        ClusterInfo info = admin.call(a -> a.namesrv().clusterInfo());
        Set<String> members = info.clusterAddrTable().getOrDefault(cluster, Set.of());
        for (String name : brokerNames) {
            BrokerData data = info.brokerAddrTable().get(name);
            if (!members.contains(name) || data == null || data.masterAddress() == null) {
                return false;
            }
        }
        return true;
    }

    private boolean routed(BlockingAdmin admin) {
        TopicRouteData route = admin.call(a -> a.namesrv().route(TOPIC));
        Set<String> withQueues = new TreeSet<>();
        for (QueueData q : route.queueDatas()) {
            withQueues.add(q.brokerName());
        }
        return withQueues.containsAll(brokerNames);
    }

    /** Runs one mqadmin command here, as {@code bin/mqadmin} would, after printing it. */
    private void mqadmin(String... args) {
        List<String> shown = new ArrayList<>(List.of(args));
        out.println();
        out.println("$ bin/mqadmin " + String.join(" ", shown));
        int code = MqAdmin.execute(args, MqAdminMain.context(out, System.err));
        if (code != 0) {
            throw new QuickstartException("mqadmin " + args[0] + " failed (exit code " + code + ")");
        }
    }
}
