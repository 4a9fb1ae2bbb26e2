package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;

import io.petrel.admin.SendOutcome;
import io.petrel.common.MessageQueue;
import java.io.PrintStream;

/** Prints sendMsgStatus, checkMsgSendRT and clusterRT with RocketMQ's lines and columns. */
final class SendRtRenderer {

    private static final String CHECK = "%-32s  %-4s  %-20s    %s%n";

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
}
