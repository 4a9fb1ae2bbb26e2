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
 * {@code Quickstart [--slaves --stop-master-pid PID --started-at-ms MS] NAMESRV_ADDR CLUSTER BROKER_NAME...}.
 * It waits until every named broker has registered (with its slave, brokerId 1, given
 * {@code --slaves}), creates {@value #TOPIC} (8 queues on each master) and {@value #GROUP} with the
 * same mqadmin commands an operator types (run in this process, printed with their output), sends
 * one message and consumes it ({@link RoundTrip}; with slaves, {@link Failover}: consumed from the
 * slave after the first master, process {@code PID}, is stopped), and prints clusterList. Exit code
 * 0 when the message came back, 1 with the reason otherwise. Creating the topic and group again on a
 * reused cluster changes nothing, and the group's committed offset makes a second run consume only
 * its own message.
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
    private final Failover.Plan failover;

    Quickstart(PrintStream out, String namesrvAddr, String cluster, List<String> brokerNames, Failover.Plan failover) {
        this.out = out;
        this.namesrvAddr = namesrvAddr;
        this.cluster = cluster;
        this.brokerNames = brokerNames;
        this.failover = failover;
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        Failover.Plan plan = null;
        if (!rest.isEmpty() && rest.get(0).equals("--slaves")) {
            if (rest.size() < 5 || !rest.get(1).equals("--stop-master-pid") || !rest.get(3).equals("--started-at-ms")) {
                usage();
            }
            try {
                plan = new Failover.Plan(Long.parseLong(rest.get(2)), Long.parseLong(rest.get(4)));
            } catch (NumberFormatException e) {
                usage();
            }
            rest = rest.subList(5, rest.size());
        }
        if (rest.size() < 3) {
            usage();
        }
        int code;
        try {
            new Quickstart(System.out, rest.get(0), rest.get(1), rest.subList(2, rest.size()), plan).run();
            code = 0;
        } catch (QuickstartException e) {
            System.out.flush();
            System.err.println("quickstart: " + e.getMessage());
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static void usage() {
        System.err.println("usage: Quickstart [--slaves --stop-master-pid PID --started-at-ms EPOCH_MS]"
                + " NAMESRV_ADDR CLUSTER BROKER_NAME...");
        System.exit(2);
    }

    void run() {
        try (BlockingAdmin admin = BlockingAdmin.start(List.of(Address.parse(namesrvAddr)), 5_000, 10_000,
                Path.of(System.getProperty("java.io.tmpdir")))) {
            out.printf("Waiting for %s%s of cluster %s to register with the NameServer %s...%n",
                    String.join(" and ", brokerNames), failover == null ? "" : " (masters and slaves)", cluster, namesrvAddr);
            Poll.until("the brokers to register", REGISTER_WAIT_MS, () -> registered(admin) ? Boolean.TRUE : null);
            mqadmin("updateTopic", "-n", namesrvAddr, "-c", cluster, "-t", TOPIC, "-r", "8", "-w", "8");
            mqadmin("updateSubGroup", "-n", namesrvAddr, "-c", cluster, "-g", GROUP, "-s", "true", "-r", "1");
            Poll.until("the route of " + TOPIC + " to name every broker", ROUTE_WAIT_MS,
                    () -> routed(admin) ? Boolean.TRUE : null);
            if (failover != null) {
                new Failover(out, namesrvAddr, brokerNames.get(0), failover).run(admin);
            }
        }
        if (failover == null) {
            new RoundTrip(out, namesrvAddr, TOPIC, GROUP, PRODUCER_GROUP).run();
        }
        mqadmin("clusterList", "-n", namesrvAddr);
    }

    private boolean registered(BlockingAdmin admin) {
        ClusterInfo info = admin.call(a -> a.namesrv().clusterInfo());
        Set<String> members = info.clusterAddrTable().getOrDefault(cluster, Set.of());
        for (String name : brokerNames) {
            BrokerData data = info.brokerAddrTable().get(name);
            if (!members.contains(name) || data == null || data.masterAddress() == null
                    || failover != null && !data.brokerAddrs().containsKey(Failover.SLAVE_ID)) {
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
