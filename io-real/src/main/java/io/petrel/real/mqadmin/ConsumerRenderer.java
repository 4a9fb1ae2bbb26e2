package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;
import static io.petrel.real.mqadmin.Formats.front;

import io.petrel.admin.ConsumerOffsetsReport;
import io.petrel.admin.GroupProgress;
import io.petrel.admin.PeerResult;
import io.petrel.admin.ResetOffsetResult;
import io.petrel.admin.RollbackStats;
import io.petrel.common.ConnectionInfo;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerConnection;
import io.petrel.common.MessageQueue;
import io.petrel.common.MqVersion;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.ProducerConnection;
import io.petrel.common.SubscriptionData;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints consumerProgress (one group, with or without client IPs, or every group),
 * getConsumerStatus, consumerConnection, producerConnection, resetOffsetByTime and
 * cloneGroupOffset with RocketMQ's lines and columns.
 */
final class ConsumerRenderer {

    private ConsumerRenderer() {
    }

    /** consumerProgress -g; {@code owners} (queue to client IP) is non-null with -s true. */
    static void progress(ConsumeStats stats, Map<MessageQueue, String> owners, ZoneId zone, PrintStream out) {
        if (owners != null) {
            out.print(f("%-64s  %-32s  %-4s  %-20s  %-20s  %-20s %-20s  %s%n", "#Topic", "#Broker Name", "#QID",
                    "#Broker Offset", "#Consumer Offset", "#Client IP", "#Diff", "#LastTime"));
        } else {
            out.print(f("%-64s  %-32s  %-4s  %-20s  %-20s  %-20s  %s%n", "#Topic", "#Broker Name", "#QID",
                    "#Broker Offset", "#Consumer Offset", "#Diff", "#LastTime"));
        }
        long diffTotal = 0;
        for (Map.Entry<MessageQueue, OffsetWrapper> e : new TreeMap<>(stats.offsetTable()).entrySet()) {
            MessageQueue mq = e.getKey();
            OffsetWrapper w = e.getValue();
            long diff = w.brokerOffset() - w.consumerOffset();
            diffTotal += diff;
            String last = w.lastTimestamp() == 0 ? "N/A" : Formats.seconds(w.lastTimestamp(), zone);
            if (owners != null) {
                String ip = owners.getOrDefault(mq, "N/A");
                out.print(f("%-64s  %-32s  %-4d  %-20d  %-20d  %-20s %-20d  %s%n", front(mq.topic(), 64),
                        front(mq.brokerName(), 32), mq.queueId(), w.brokerOffset(), w.consumerOffset(), ip, diff, last));
            } else {
                out.print(f("%-64s  %-32s  %-4d  %-20d  %-20d  %-20d  %s%n", front(mq.topic(), 64),
                        front(mq.brokerName(), 32), mq.queueId(), w.brokerOffset(), w.consumerOffset(), diff, last));
            }
        }
        out.println();
        out.print(f("Consume TPS: %.2f%n", stats.consumeTps()));
        out.print(f("Diff Total: %d%n", diffTotal));
    }

    /** consumerProgress without -g: one row per group. */
    static void allGroups(List<GroupProgress> groups, PrintStream out) {
        out.print(f("%-64s  %-6s  %-24s %-5s  %-14s  %-7s  %s%n", "#Group", "#Count", "#Version", "#Type", "#Model",
                "#TPS", "#Diff Total"));
        for (GroupProgress g : groups) {
            boolean online = g.count() > 0;
            String version = online ? MqVersion.describe(g.minVersion()) : "OFFLINE";
            String type = online ? (g.consumeType() == ConsumeType.CONSUME_ACTIVELY ? "PULL" : "PUSH") : "";
            String model = online && g.consumeType() == ConsumeType.CONSUME_PASSIVELY && g.messageModel() != null
                    ? g.messageModel().name() : "";
            out.print(f("%-64s  %-6d  %-24s %-5s  %-14s  %-7d  %d%n", front(g.group(), 64), g.count(), version, type, model,
                    g.consumeTps(), g.diffTotal()));
        }
    }

    static void consumerOffsets(ConsumerOffsetsReport r, PrintStream out) {
        out.print(f("get consumer status from client. group=%s, topic=%s, originClientId=%s%n", r.group(), r.topic(),
                r.clientFilter()));
        out.print(f("%-50s  %-15s  %-15s  %-20s%n", "#clientId", "#brokerName", "#queueId", "#offset"));
        r.offsets().forEach((clientId, table) -> table.forEach((mq, offset) -> out.print(f("%-50s  %-15s  %-15d  %-20d%n",
                front(clientId, 50), mq.brokerName(), mq.queueId(), offset))));
    }

    static void consumerConnection(ConsumerConnection cc, PrintStream out) {
        out.print(f("%-36s %-22s %-10s %s%n", "#ClientId", "#ClientAddr", "#Language", "#Version"));
        for (ConnectionInfo c : sorted(cc.connectionSet())) {
            out.print(f("%-36s %-22s %-10s %s%n", c.clientId(), c.clientAddr(), c.language(), MqVersion.describe(c.version())));
        }
        out.print(f("%nBelow is subscription:%n"));
        out.print(f("%-20s %s%n", "#Topic", "#SubExpression"));
        TreeMap<String, SubscriptionData> subs = cc.subscriptionTable() == null ? new TreeMap<>() : new TreeMap<>(cc.subscriptionTable());
        subs.values().forEach(s -> out.print(f("%-20s %s%n", s.topic(), s.subString())));
        out.println();
        out.print(f("ConsumeType: %s%n", cc.consumeType()));
        out.print(f("MessageModel: %s%n", cc.messageModel()));
        out.print(f("ConsumeFromWhere: %s%n", cc.consumeFromWhere()));
    }

    static void producerConnection(ProducerConnection pc, PrintStream out) {
        int i = 1;
        for (ConnectionInfo c : sorted(pc.connectionSet())) {
            out.print(f("%04d  %-32s %-22s %-8s %s%n", i++, c.clientId(), c.clientAddr(), c.language(),
                    MqVersion.describe(c.version())));
        }
    }

    static List<ConnectionInfo> sorted(Collection<ConnectionInfo> connections) {
        List<ConnectionInfo> list = connections == null ? new ArrayList<>() : new ArrayList<>(connections);
        list.sort(Comparator.comparing(ConnectionInfo::clientId));
        return list;
    }

    /** resetOffsetByTime; {@code timestampText} is the -s value as typed. */
    static void resetOffset(ResetOffsetResult r, String timestampText, PrintStream out) {
        if (r.online() != null) {
            out.print(f("rollback consumer offset by specified group[%s], topic[%s], force[%s], timestamp(string)[%s], "
                    + "timestamp(long)[%s]%n", r.group(), r.topic(), r.force(), timestampText, r.timestamp()));
        } else {
            out.print(f("rollback consumer offset by specified consumerGroup[%s], topic[%s], force[%s], "
                    + "timestamp(string)[%s], timestamp(long)[%s]%n", r.group(), r.topic(), r.force(), timestampText,
                    r.timestamp()));
        }
        resetOffsetTable(r, out);
    }

    /** The reset's table without its title line, as skipAccumulatedMessage prints it. */
    static void resetOffsetTable(ResetOffsetResult r, PrintStream out) {
        if (r.online() != null) {
            out.print(f("%-40s  %-40s  %-40s%n", "#brokerName", "#queueId", "#offset"));
            new TreeMap<>(r.online()).forEach((mq, offset) -> out.print(f("%-40s  %-40d  %-40d%n",
                    front(mq.brokerName(), 32), mq.queueId(), offset)));
            return;
        }
        out.print(f("%-20s  %-20s  %-20s  %-20s  %-20s  %-20s%n", "#brokerName", "#queueId", "#brokerOffset",
                "#consumerOffset", "#timestampOffset", "#rollbackOffset"));
        for (RollbackStats s : r.offline()) {
            out.print(f("%-20s  %-20d  %-20d  %-20d  %-20d  %-20d%n", front(s.brokerName(), 32), s.queueId(),
                    s.brokerOffset(), s.consumerOffset(), s.timestampOffset(), s.rollbackOffset()));
        }
    }

    /** cloneGroupOffset: a line per broker that failed, else RocketMQ's success line. */
    static void groupOffsetCloned(String src, String dest, String topic, List<PeerResult<Void>> brokers, PrintStream out) {
        boolean allOk = true;
        for (PeerResult<Void> b : brokers) {
            if (!b.isOk()) {
                allOk = false;
                out.print(f("clone group offset failed, %s: %s%n", b.peer(), b.error().getMessage()));
            }
        }
        if (allOk) {
            out.print(f("clone group offset success. srcGroup[%s], destGroup=[%s], topic[%s]%n", src, dest, topic));
        }
    }
}
