package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;
import static io.petrel.real.mqadmin.Formats.front;

import io.petrel.admin.BrokerConfigSection;
import io.petrel.admin.ClusterListing;
import io.petrel.admin.ClusterRow;
import io.petrel.admin.PeerResult;
import io.petrel.admin.StatsAllRow;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Prints clusterList (base and {@code -m}), brokerStatus, getBrokerConfig, updateBrokerConfig,
 * the KV and write-permission commands and statsAll with RocketMQ's lines and columns. A broker
 * whose runtime info could not be read gets a row with empty figures, as mqadmin prints one.
 */
final class ClusterRenderer {

    private static final String BASE = "%-16s  %-22s  %-4s  %-22s %-16s %19s %19s %10s %5s %6s%n";
    private static final String MORE_HEADER = "%-16s  %-32s %14s %14s %14s %14s%n";
    private static final String MORE_ROW = "%-16s  %-32s %14d %14d %14d %14d%n";
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private ClusterRenderer() {
    }

    static void clusterList(ClusterListing listing, PrintStream out) {
        out.print(f(BASE, "#Cluster Name", "#Broker Name", "#BID", "#Addr", "#Version", "#InTPS(LOAD)", "#OutTPS(LOAD)",
                "#PCWait(ms)", "#Hour", "#SPACE"));
        for (ClusterRow r : listing.rows()) {
            Map<String, String> info = r.runtime().isOk() ? r.runtime().value() : Map.of();
            double hour = 0;
            String earliest = info.get("earliestMessageTimeStamp");
            if (earliest != null && !earliest.isEmpty()) {
                hour = (listing.nowMs() - parseLong(earliest)) / MILLIS_PER_HOUR;
            }
            String ratio = info.get("commitLogDiskRatio");
            double space = ratio == null || ratio.isEmpty() ? 0 : parseDouble(ratio);
            out.print(f(BASE, r.cluster(), r.brokerName(), r.brokerId(), r.address(), text(info, "brokerVersionDesc"),
                    f("%9.2f(%s,%sms)", firstRate(info.get("putTps")), text(info, "sendThreadPoolQueueSize"),
                            text(info, "sendThreadPoolQueueHeadWaitTimeMills")),
                    f("%9.2f(%s,%sms)", firstRate(info.get("getTransferedTps")), text(info, "pullThreadPoolQueueSize"),
                            text(info, "pullThreadPoolQueueHeadWaitTimeMills")),
                    text(info, "pageCacheLockTimeMills"), f("%2.2f", hour), f("%.4f", space)));
        }
    }

    /** clusterList -m: messages in and out yesterday and today, from the broker's day counters. */
    static void clusterListMore(ClusterListing listing, PrintStream out) {
        out.print(f(MORE_HEADER, "#Cluster Name", "#Broker Name", "#InTotalYest", "#OutTotalYest", "#InTotalToday",
                "#OutTotalToday"));
        for (ClusterRow r : listing.rows()) {
            Map<String, String> info = r.runtime().isOk() ? r.runtime().value() : Map.of();
            out.print(f(MORE_ROW, r.cluster(), r.brokerName(),
                    diff(info, "msgPutTotalTodayMorning", "msgPutTotalYesterdayMorning"),
                    diff(info, "msgGetTotalTodayMorning", "msgGetTotalYesterdayMorning"),
                    diff(info, "msgPutTotalTodayNow", "msgPutTotalTodayMorning"),
                    diff(info, "msgGetTotalTodayNow", "msgGetTotalTodayMorning")));
        }
    }

    private static String text(Map<String, String> info, String key) {
        String value = info.get(key);
        return value == null ? "" : value;
    }

    /** The first of the "10 s, 1 min, 10 min" rates; 0 when missing or malformed, as mqadmin shows it. */
    private static double firstRate(String rates) {
        if (rates == null || rates.isBlank()) {
            return 0;
        }
        return parseDouble(rates.trim().split(" ")[0]);
    }

    private static long diff(Map<String, String> info, String later, String earlier) {
        return parseLong(info.get(later)) - parseLong(info.get(earlier));
    }

    private static long parseLong(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parseDouble(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static void brokerStatus(Map<String, String> info, PrintStream out) {
        info.forEach((k, v) -> out.print(f("%-32s: %s%n", k, v)));
    }

    /** brokerStatus -c: every key prefixed with the broker's address. */
    static void brokerStatusOfCluster(List<PeerResult<Map<String, String>>> brokers, PrintStream out) {
        for (PeerResult<Map<String, String>> b : brokers) {
            if (b.isOk()) {
                b.value().forEach((k, v) -> out.print(f("%-24s %-32s: %s%n", b.peer(), k, v)));
            } else {
                out.print(f("%-24s failed: %s%n", b.peer(), b.error().getMessage()));
            }
        }
    }

    static void brokerConfig(List<BrokerConfigSection> sections, PrintStream out) {
        for (BrokerConfigSection s : sections) {
            if (!s.listedByCluster()) {
                out.print(f("============%s============%n", s.address()));
            } else if (s.masterAddress() == null) {
                out.print(f("============Master: %s============%n", s.address()));
            } else {
                out.print(f("============My Master: %s=====Slave: %s============%n", s.masterAddress(), s.address()));
            }
            if (!s.config().isOk()) {
                out.print(f("Broker[%s] config could not be read: %s%n", s.address(), s.config().error().getMessage()));
            } else {
                s.config().value().forEach((k, v) -> out.print(f("%-50s=  %s%n", k, v)));
            }
            out.println();
        }
    }

    static void brokerConfigUpdated(List<PeerResult<Void>> brokers, PrintStream out) {
        for (PeerResult<Void> b : brokers) {
            out.print(b.isOk() ? f("update broker config success, %s%n", b.peer())
                    : f("update broker config failed, %s: %s%n", b.peer(), b.error().getMessage()));
        }
    }

    /** wipeWritePerm / addWritePerm: one line per NameServer with the number of topics changed. */
    static void writePerm(String verb, String brokerName, List<PeerResult<Integer>> namesrvs, PrintStream out) {
        for (PeerResult<Integer> ns : namesrvs) {
            out.print(ns.isOk() ? f("%s write perm of broker[%s] in name server[%s] OK, %d%n", verb, brokerName, ns.peer(), ns.value())
                    : f("%s write perm of broker[%s] in name server[%s] Failed: %s%n", verb, brokerName, ns.peer(),
                            ns.error().getMessage()));
        }
    }

    static void kvWritten(String successLine, String failureVerb, List<PeerResult<Void>> namesrvs, PrintStream out) {
        boolean allOk = true;
        for (PeerResult<Void> ns : namesrvs) {
            if (!ns.isOk()) {
                allOk = false;
                out.print(f("%s in name server[%s] failed: %s%n", failureVerb, ns.peer(), ns.error().getMessage()));
            }
        }
        if (allOk) {
            out.println(successLine);
        }
    }

    static void statsAll(List<StatsAllRow> rows, PrintStream out) {
        out.print(f("%-64s  %-64s %12s %11s %11s %14s %14s%n", "#Topic", "#Consumer Group", "#Accumulation", "#InTPS",
                "#OutTPS", "#InMsg24Hour", "#OutMsg24Hour"));
        for (StatsAllRow r : rows) {
            if (r.group() == null) {
                out.print(f("%-64s  %-64s %12d %11.2f %11s %14d %14s%n", front(r.topic(), 64), "", 0, r.inTps(), "",
                        r.inMsg24Hour(), "NO_CONSUMER"));
            } else {
                out.print(f("%-64s  %-64s %12d %11.2f %11.2f %14d %14d%n", front(r.topic(), 64), front(r.group(), 64),
                        r.accumulation(), r.inTps(), r.outTps(), r.inMsg24Hour(), r.outMsg24Hour()));
            }
        }
    }
}
