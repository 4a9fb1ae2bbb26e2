package io.petrel.scenarios.fuzz;

import io.petrel.broker.Broker;
import io.petrel.common.BrokerData;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.TopicRouteData;
import io.petrel.common.TopicValidator;
import io.petrel.namesrv.NameServer;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.history.Send;
import io.petrel.sim.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What "converged" means after the heal: every NameServer routes the topics to every broker; each
 * clustering group owns each queue exactly once with even shares; every group has consumed up to
 * the end of every queue it reads (retry topics included) and every broadcasting member too; the
 * delay levels have delivered everything due; every master has resolved its half messages; and each
 * producer had a send acknowledged since the heal. {@link #problems()} lists what is not there yet.
 */
final class Convergence {

    private static final String SCHEDULE_TOPIC = TopicValidator.RMQ_SYS_SCHEDULE_TOPIC;
    private static final int DELAY_LEVELS = 18;

    private final FuzzWorld world;
    private final History history;
    private final long healedAtMs;

    Convergence(FuzzWorld world, History history, long healedAtMs) {
        this.world = world;
        this.history = history;
        this.healedAtMs = healedAtMs;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        routes(problems);
        for (FuzzPlan.GroupPlan g : world.plan.groups()) {
            if (g.kind() != ConsumerKind.BROADCASTING && !Ownership.settled(world, g)) {
                problems.add("not settled: " + Ownership.describe(world, g));
            }
            caughtUp(g, problems);
        }
        schedules(problems);
        transactions(problems);
        dispatched(problems);
        replicas(problems);
        producers(problems);
        return problems;
    }

    private void routes(List<String> problems) {
        TreeSet<String> brokers = new TreeSet<>(world.cluster.brokers().keySet());
        for (SimNode ns : world.cluster.namesrvs()) {
            if (!ns.isUp() || ns.node() == null) {
                problems.add(ns.name() + " is down");
                continue;
            }
            for (String topic : List.of(FuzzPlan.TOPIC, FuzzPlan.ORDER_TOPIC)) {
                TopicRouteData route = ns.nodeAs(NameServer.class).routes().route(topic, null);
                TreeSet<String> routed = new TreeSet<>();
                if (route != null) {
                    route.brokerDatas().stream().filter(b -> b.masterAddress() != null).map(BrokerData::brokerName)
                            .forEach(routed::add);
                }
                if (!routed.equals(brokers)) {
                    problems.add(ns.name() + " routes " + topic + " to " + routed);
                }
            }
        }
    }

    private void caughtUp(FuzzPlan.GroupPlan g, List<String> problems) {
        List<String> topics = new ArrayList<>(g.topics());
        if (g.kind() == ConsumerKind.CLUSTERING || g.kind() == ConsumerKind.ORDERLY) {
            topics.add(MixAll.retryTopic(g.group()));
        }
        for (SimNode node : world.brokers()) {
            Broker broker = world.broker(node);
            if (broker == null) {
                problems.add(node.name() + " is down");
                continue;
            }
            for (String topic : topics) {
                int queues = MixAll.isRetryTopic(topic) ? 1 : world.plan.queuesPerBroker();
                for (int q = 0; q < queues; q++) {
                    long max = broker.store().getMaxOffsetInQueue(topic, q);
                    if (g.kind() == ConsumerKind.BROADCASTING) {
                        broadcastCaughtUp(g, node.name(), topic, q, max, problems);
                    } else if (max > 0 && broker.offsets().query(g.group(), topic, q) < max) {
                        problems.add(g.group() + " behind on " + topic + "/" + node.name() + "/" + q + ": committed "
                                + broker.offsets().query(g.group(), topic, q) + " of " + max);
                    }
                }
            }
        }
    }

    private void broadcastCaughtUp(FuzzPlan.GroupPlan g, String brokerName, String topic, int q, long max,
            List<String> problems) {
        for (SimNode m : world.members.get(g.group())) {
            FuzzConsumerApp app = world.app(m);
            if (app == null) {
                problems.add(m.name() + " is down");
                continue;
            }
            Map<MessageQueue, Long> offsets = app.push().consumeOffsets(topic);
            long at = offsets.getOrDefault(new MessageQueue(topic, brokerName, q), -1L);
            if (max > 0 && at < max) {
                problems.add(m.name() + " behind on " + topic + "/" + brokerName + "/" + q + ": " + at + " of " + max);
            }
        }
    }

    /** Nothing appended is still invisible (a SYNC_FLUSH record waiting for its force, a stalled dispatch). */
    private void dispatched(List<String> problems) {
        for (SimNode node : world.brokers()) {
            Broker broker = world.broker(node);
            if (broker != null && broker.store().dispatchBehindBytes() > 0) {
                problems.add(node.name() + " has " + broker.store().dispatchBehindBytes() + " bytes not yet dispatched");
            }
        }
    }

    /** Every slave is up and holds its master's whole log, dispatched. */
    private void replicas(List<String> problems) {
        world.slaves().forEach((brokerName, slaveNode) -> {
            Broker slave = world.broker(slaveNode);
            Broker master = world.broker(world.cluster.broker(brokerName));
            if (slave == null || master == null) {
                problems.add(slaveNode.name() + " or its master is down");
                return;
            }
            long masterEnd = master.store().getMaxPhyOffset();
            long slaveEnd = slave.store().getMaxPhyOffset();
            if (slaveEnd != masterEnd || slave.store().dispatchBehindBytes() > 0) {
                problems.add(slaveNode.name() + " holds " + slaveEnd + " of its master's " + masterEnd + " bytes ("
                        + slave.store().dispatchBehindBytes() + " not dispatched)");
            }
        });
    }

    private void schedules(List<String> problems) {
        for (SimNode node : world.brokers()) {
            Broker broker = world.broker(node);
            if (broker == null) {
                continue;
            }
            Map<Integer, Long> delivered = broker.schedule().offsets().offsetTable();
            for (int level = 1; level <= DELAY_LEVELS; level++) {
                long max = broker.store().getMaxOffsetInQueue(SCHEDULE_TOPIC, level - 1);
                long done = delivered.getOrDefault(level, 0L);
                if (done < max) {
                    problems.add(node.name() + " delay level " + level + " delivered " + done + " of " + max);
                }
            }
        }
    }

    /** Every master has read its half messages back and resolved each (its producers were asked). */
    private void transactions(List<String> problems) {
        for (SimNode node : world.brokers()) {
            Broker broker = world.broker(node);
            if (broker == null) {
                continue;
            }
            if (!broker.transactions().isLoaded()) {
                problems.add(node.name() + " has not read its half messages back");
            } else {
                // A bit flip in a half message's properties (no CRC covers them) can rename its producer
                // group (fuzz6-88374) or drop it (fuzz6-134969): no producer will ever answer, and Petrel keeps it
                // pending (logged every round) until retention deletes it instead of giving it up.
                Set<String> planned = new TreeSet<>();
                world.plan.producers().forEach(p -> planned.add(FuzzProducerApp.group(p.name())));
                long unresolved = FinalScan.flipped(world, history, node.name())
                        ? broker.transactions().unresolved(g -> g != null && planned.contains(g))
                        : broker.transactions().unresolved();
                if (unresolved > 0) {
                    problems.add(node.name() + " has " + unresolved + " unresolved half messages");
                }
            }
        }
    }

    private void producers(List<String> problems) {
        for (FuzzPlan.ProducerPlan p : world.plan.producers()) {
            boolean ok = history.sends().stream().anyMatch(s -> s.outcome() == Send.Outcome.OK
                    && s.completedAtMs() >= healedAtMs && s.id().startsWith(p.name() + "."));
            if (!ok) {
                problems.add(p.name() + " had no acknowledged send since the heal");
            }
        }
    }
}
