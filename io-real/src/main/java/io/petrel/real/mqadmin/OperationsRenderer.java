package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;
import static io.petrel.real.mqadmin.Formats.front;

import io.petrel.admin.PeerResult;
import io.petrel.common.ConsumeQueueData;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumeStatsList;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.ProducerInfo;
import io.petrel.common.ProducerTableInfo;
import io.petrel.common.QueryConsumeQueueResponseBody;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the operations commands with RocketMQ 4.9.8's lines: brokerConsumeStats's table,
 * producer's instance lines, queryCq's sections, and the one-word answer of cleanExpiredCQ,
 * deleteExpiredCommitLog and cleanUnusedTopic.
 */
final class OperationsRenderer {

    static final String SEPARATOR = "======================================";
    private static final String CONSUME_STATS_HEADER = "%-64s  %-64s  %-32s  %-4s  %-20s  %-20s  %-20s  %s%n";
    private static final String CONSUME_STATS_ROW = "%-64s  %-64s  %-32s  %-4d  %-20d  %-20d  %-20d  %s%n";

    private OperationsRenderer() {
    }

    /**
     * brokerConsumeStats: a row per queue (in queue order within each group's topic) whose diff is at
     * least {@code diffLevel} and whose group has consumed something there (a last consume time), as
     * mqadmin prints them; then the broker's total diff over every queue, printed or not.
     */
    static void brokerConsumeStats(ConsumeStatsList list, long diffLevel, ZoneId zone, PrintStream out) {
        out.print(f(CONSUME_STATS_HEADER, "#Topic", "#Group", "#Broker Name", "#QID", "#Broker Offset", "#Consumer Offset",
                "#Diff", "#LastTime"));
        for (Map<String, List<ConsumeStats>> groupEntry : list.consumeStatsList()) {
            groupEntry.forEach((group, perTopic) -> {
                for (ConsumeStats stats : perTopic) {
                    new TreeMap<>(stats.offsetTable()).forEach((mq, w) -> row(group, mq, w, diffLevel, zone, out));
                }
            });
        }
        out.print(f("%nDiff Total: %d%n", list.totalDiff()));
    }

    private static void row(String group, MessageQueue mq, OffsetWrapper w, long diffLevel, ZoneId zone, PrintStream out) {
        long diff = w.brokerOffset() - w.consumerOffset();
        if (diff < diffLevel || w.lastTimestamp() <= 0) {
            return;
        }
        out.print(f(CONSUME_STATS_ROW, front(mq.topic(), 64), group, front(mq.brokerName(), 32), mq.queueId(), w.brokerOffset(),
                w.consumerOffset(), diff, Formats.seconds(w.lastTimestamp(), zone)));
    }

    /** producer: one line per live producer, by group; a group without members says so. */
    static void producers(ProducerTableInfo table, PrintStream out) {
        table.data().forEach((group, members) -> {
            if (members == null || members.isEmpty()) {
                out.print(f("producer group (%s) instances are empty%n", group));
                return;
            }
            for (ProducerInfo p : members) {
                out.print(f("producer group (%s) instance : clientId=%s,remoteIP=%s, language=%s, version=%d, "
                        + "lastUpdateTimestamp=%d%n", group, p.clientId(), p.remoteIP(), p.language(), p.version(),
                        p.lastUpdateTimestamp()));
            }
        });
    }

    /**
     * cleanExpiredCQ, deleteExpiredCommitLog, cleanUnusedTopic: a line per broker that failed, naming
     * it and why, then RocketMQ's answer: {@code success} when every broker did it, else {@code false}.
     */
    static void maintained(List<PeerResult<Void>> brokers, PrintStream out) {
        boolean allOk = true;
        for (PeerResult<Void> b : brokers) {
            if (!b.isOk()) {
                allOk = false;
                out.print(f("failed on %s: %s%n", b.peer(), b.error().getMessage()));
            }
        }
        out.println(allOk ? "success" : "false");
    }

    /**
     * queryCq: the group's subscription (fastjson's pretty JSON) and filter data when the broker sent
     * them, the queue's max and min index, then each entry numbered from {@code index}, each section
     * closed by RocketMQ's separator line.
     */
    static void consumeQueue(QueryConsumeQueueResponseBody body, long index, PrintStream out) {
        if (body.subscriptionData() != null) {
            out.print(f("Subscription data: %n%s%n%s%n", PrettyJson.of(body.subscriptionData()), SEPARATOR));
        }
        if (body.filterData() != null) {
            out.print(f("Filter data: %n%s%n%s%n", body.filterData(), SEPARATOR));
        }
        out.print(f("Queue data: %nmax: %d, min: %d%n%s%n", body.maxQueueIndex(), body.minQueueIndex(), SEPARATOR));
        long i = index;
        for (ConsumeQueueData e : body.queueData() == null ? List.<ConsumeQueueData>of() : body.queueData()) {
            out.print(f("idx: %d%nConsumeQueueData{physicOffset=%d, physicSize=%d, tagsCode=%d, extendDataJson='%s', "
                    + "bitMap='%s', eval=%s, msg='%s'}%n%s%n", i++, e.physicOffset(), e.physicSize(), e.tagsCode(),
                    e.extendDataJson(), e.bitMap(), e.eval(), e.msg(), SEPARATOR));
        }
    }
}
