package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;

import io.petrel.admin.ConsumerStatusReport;
import io.petrel.admin.Settled;
import io.petrel.common.ConnectionInfo;
import io.petrel.common.ConsumeStatus;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.MessageQueue;
import io.petrel.common.MqVersion;
import io.petrel.common.ProcessQueueInfo;
import io.petrel.common.SubscriptionData;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * consumerStatus: the table of clients with the files their running info was written to, then
 * RocketMQ's checks (same subscription across the group, queues that look blocked); with -i, one
 * client's running info in RocketMQ's text layout. The checks depend on the time, which is
 * passed in so the output is reproducible.
 */
final class RunningInfoRenderer {

    private static final long STARTED_FOR_A_WHILE_MS = 2 * 60 * 1000;
    private static final long BLOCKED_AFTER_MS = 60 * 1000;

    private RunningInfoRenderer() {
    }

    /** The running-info text of one client (RocketMQ's ConsumerRunningInfo.formatString). */
    static String text(ConsumerRunningInfo info, ZoneId zone) {
        StringBuilder s = new StringBuilder("#Consumer Properties#\n");
        info.properties().forEach((k, v) -> s.append(f("%-40s: %s%n", k, v)));
        s.append("\n\n#Consumer Subscription#\n");
        int i = 0;
        for (SubscriptionData sub : info.subscriptionSet()) {
            s.append(f("%03d Topic: %-40s ClassFilter: %-8s SubExpression: %s%n", ++i, sub.topic(), sub.classFilterMode(),
                    sub.subString()));
        }
        s.append("\n\n#Consumer Offset#\n");
        s.append(f("%-64s  %-32s  %-4s  %-20s%n", "#Topic", "#Broker Name", "#QID", "#Consumer Offset"));
        info.mqTable().forEach((mq, pq) -> s.append(f("%-32s  %-32s  %-4d  %-20d%n", mq.topic(), mq.brokerName(),
                mq.queueId(), pq.commitOffset())));
        s.append("\n\n#Consumer MQ Detail#\n");
        s.append(f("%-64s  %-32s  %-4s  %-20s%n", "#Topic", "#Broker Name", "#QID", "#ProcessQueueInfo"));
        info.mqTable().forEach((mq, pq) -> s.append(f("%-64s  %-32s  %-4d  %s%n", mq.topic(), mq.brokerName(),
                mq.queueId(), processQueue(pq, zone))));
        s.append("\n\n#Consumer RT&TPS#\n");
        s.append(f("%-64s  %14s %14s %14s %14s %18s %25s%n", "#Topic", "#Pull RT", "#Pull TPS", "#Consume RT",
                "#ConsumeOK TPS", "#ConsumeFailed TPS", "#ConsumeFailedMsgsInHour"));
        for (Map.Entry<String, ConsumeStatus> e : info.statusTable().entrySet()) {
            ConsumeStatus c = e.getValue();
            s.append(f("%-32s  %14.2f %14.2f %14.2f %14.2f %18.2f %25d%n", e.getKey(), c.pullRT(), c.pullTPS(),
                    c.consumeRT(), c.consumeOKTPS(), c.consumeFailedTPS(), c.consumeFailedMsgs()));
        }
        if (info.jstack() != null) {
            s.append("\n\n#Consumer jstack#\n").append(info.jstack());
        }
        return s.toString();
    }

    static String processQueue(ProcessQueueInfo p, ZoneId zone) {
        return "ProcessQueueInfo [commitOffset=" + p.commitOffset() + ", cachedMsgMinOffset=" + p.cachedMsgMinOffset()
                + ", cachedMsgMaxOffset=" + p.cachedMsgMaxOffset() + ", cachedMsgCount=" + p.cachedMsgCount()
                + ", cachedMsgSizeInMiB=" + p.cachedMsgSizeInMiB() + ", transactionMsgMinOffset="
                + p.transactionMsgMinOffset() + ", transactionMsgMaxOffset=" + p.transactionMsgMaxOffset()
                + ", transactionMsgCount=" + p.transactionMsgCount() + ", locked=" + p.locked() + ", tryUnlockTimes="
                + p.tryUnlockTimes() + ", lastLockTimestamp=" + Formats.compact(p.lastLockTimestamp(), zone) + ", droped="
                + p.droped() + ", lastPullTimestamp=" + Formats.compact(p.lastPullTimestamp(), zone)
                + ", lastConsumeTimestamp=" + Formats.compact(p.lastConsumeTimestamp(), zone) + "]";
    }

    /**
     * The client table. {@code files} maps each client whose running info was read to the file
     * it was written to, as mqadmin prints it.
     */
    static void clients(ConsumerStatusReport report, Map<String, String> files, long nowMs, PrintStream out) {
        out.print(f("%-10s %-40s %-20s %s%n", "#Index", "#ClientId", "#Version", "#ConsumerRunningInfoFile"));
        int i = 1;
        for (ConnectionInfo c : ConsumerRenderer.sorted(report.connection().connectionSet())) {
            if (files.containsKey(c.clientId())) {
                out.print(f("%-10d %-40s %-20s %s%n", i++, c.clientId(), MqVersion.describe(c.version()), files.get(c.clientId())));
            }
        }
        TreeMap<String, ConsumerRunningInfo> infos = new TreeMap<>();
        report.runningInfo().forEach((id, info) -> {
            if (info.isOk()) {
                infos.put(id, info.value());
            }
        });
        if (infos.isEmpty()) {
            return;
        }
        if (!sameSubscription(infos, nowMs)) {
            out.print(f("%n%nWARN: Different subscription in the same group of consumer!!!%n"));
            return;
        }
        out.print(f("%n%nSame subscription in the same group of consumer"));
        out.print(f("%n%nRebalance %s%n", "OK"));
        infos.forEach((id, info) -> out.print(blockedQueues(id, info, nowMs)));
    }

    /** Failures to fetch running info, one line each, for stderr. */
    static List<String> failures(ConsumerStatusReport report) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Settled<ConsumerRunningInfo>> e : report.runningInfo().entrySet()) {
            if (!e.getValue().isOk()) {
                lines.add("running info of " + e.getKey() + " could not be read: " + e.getValue().error().getMessage());
            }
        }
        return lines;
    }

    private static boolean isPush(ConsumerRunningInfo info) {
        return ConsumeType.CONSUME_PASSIVELY.name().equals(info.properties().get(ConsumerRunningInfo.PROP_CONSUME_TYPE));
    }

    /** RocketMQ's rule: push consumers running for over two minutes must share one non-empty subscription. */
    static boolean sameSubscription(TreeMap<String, ConsumerRunningInfo> infos, long nowMs) {
        ConsumerRunningInfo first = infos.firstEntry().getValue();
        String started = first.properties().get(ConsumerRunningInfo.PROP_CONSUMER_START_TIMESTAMP);
        boolean forAWhile = started != null && nowMs - parse(started) > STARTED_FOR_A_WHILE_MS;
        if (!isPush(first) || !forAWhile) {
            return true;
        }
        for (ConsumerRunningInfo info : infos.values()) {
            if (!info.subscriptionSet().equals(first.subscriptionSet())) {
                return false;
            }
        }
        return !infos.lastEntry().getValue().subscriptionSet().isEmpty();
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** RocketMQ's warnings about queues that cannot be locked or have not been consumed for a minute. */
    static String blockedQueues(String clientId, ConsumerRunningInfo info, long nowMs) {
        if (!isPush(info)) {
            return "";
        }
        boolean orderly = Boolean.parseBoolean(info.properties().get(ConsumerRunningInfo.PROP_CONSUME_ORDERLY));
        StringBuilder s = new StringBuilder();
        for (Map.Entry<MessageQueue, ProcessQueueInfo> e : info.mqTable().entrySet()) {
            ProcessQueueInfo pq = e.getValue();
            if (orderly && !pq.locked()) {
                s.append(f("%s %s can't lock for a while, %dms%n", clientId, e.getKey(), nowMs - pq.lastLockTimestamp()));
            } else if (orderly && pq.droped() && pq.tryUnlockTimes() > 0) {
                s.append(f("%s %s unlock %d times, still failed%n", clientId, e.getKey(), pq.tryUnlockTimes()));
            } else if (!orderly && nowMs - pq.lastConsumeTimestamp() > BLOCKED_AFTER_MS && pq.cachedMsgCount() > 0) {
                s.append(f("%s %s can't consume for a while, maybe blocked, %dms%n", clientId, e.getKey(),
                        nowMs - pq.lastConsumeTimestamp()));
            }
        }
        return s.toString();
    }
}
