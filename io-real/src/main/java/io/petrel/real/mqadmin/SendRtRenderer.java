package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;

import io.petrel.admin.SendOutcome;
import io.petrel.common.MessageQueue;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Prints sendMsgStatus, checkMsgSendRT and clusterRT with RocketMQ's lines and columns. */
final class SendRtRenderer {

    private static final String CHECK = "%-32s  %-4s  %-20s    %s%n";
    /** mqadmin's tlog times are always China Standard Time. */
    private static final ZoneId TLOG_ZONE = ZoneId.of("GMT+8");
    private static final DateTimeFormatter TLOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private SendRtRenderer() {
    }

    /** One send of sendMsgStatus: its round trip and Java's text of RocketMQ's SendResult. */
    static void sendStatus(long rtMs, SendOutcome o, PrintStream out) {
        out.print(f("rt=%sms, SendResult=SendResult [sendStatus=%s, msgId=%s, offsetMsgId=%s, messageQueue=%s, queueOffset=%s]%n",
                rtMs, o.sendStatus(), o.msgId(), o.offsetMsgId(), o.queue(), o.queueOffset()));
    }

    static void checkHeader(PrintStream out) {
        out.print(f(CHECK, "#Broker Name", "#QID", "#Send Result", "#RT"));
    }

    static void checkRow(MessageQueue mq, boolean ok, long rtMs, PrintStream out) {
        out.print(f(CHECK, mq.brokerName(), mq.queueId(), ok, rtMs));
    }

    /** The mean round trip; NaN when only one message was sent, as mqadmin prints it. */
    static void average(double rtMs, PrintStream out) {
        out.print(f("Avg RT: %s%n", f("%.2f", rtMs)));
    }

    /** One broker's figures in a clusterRT round. */
    record BrokerRt(String cluster, String broker, double rtMs, int successCount, int failCount) {
    }

    static void clusterHeader(PrintStream out) {
        out.print(f("%-24s  %-24s  %-4s  %-8s  %-8s%n", "#Cluster Name", "#Broker Name", "#RT", "#successCount", "#failCount"));
    }

    static void clusterRow(BrokerRt r, PrintStream out) {
        out.print(f("%-24s  %-24s  %-8s  %-16s  %-16s%n", r.cluster(), r.broker(), f("%.2f", r.rtMs()), r.successCount(),
                r.failCount()));
    }

    /** {@code time|room|cluster|broker|rt}, the round trip rounded half up to whole milliseconds. */
    static void clusterTlog(long nowMs, String machineRoom, BrokerRt r, PrintStream out) {
        String rt = Double.isNaN(r.rtMs()) ? "NaN"
                : new BigDecimal(r.rtMs()).setScale(0, RoundingMode.HALF_UP).toString();
        out.print(f("%s|%s|%s|%s|%s%n", TLOG_TIME.format(Instant.ofEpochMilli(nowMs).atZone(TLOG_ZONE)),
                machineRoom, r.cluster(), r.broker(), rt));
    }
}
