package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;

import io.petrel.admin.AdminMessage;
import io.petrel.admin.ConsumeDirectlyResult;
import io.petrel.admin.MessageTrack;
import io.petrel.admin.PullAnswer;
import io.petrel.admin.SendOutcome;
import io.petrel.common.MessageQueue;
import io.petrel.common.message.StoredMessage;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints messages the way mqadmin does: queryMsgById and queryMsgByOffset's field list with the
 * message track, queryMsgByKey's table, printMsg and consumeMessage's one line per message
 * (with Java's MessageExt text), and sendMessage's result row.
 */
final class MessageRenderer {

    static final String QUEUE_END = "--------------------------------------------------------";

    private MessageRenderer() {
    }

    /** The field list; {@code bodyPath} is where the body was written. */
    static void details(AdminMessage m, String bodyPath, ZoneId zone, PrintStream out) {
        line(out, "OffsetID:", m.offsetMsgId());
        fields(m, bodyPath, zone, out);
    }

    /** The field list without the OffsetID line, as queryMsgByUniqueKey prints it. */
    static void fields(AdminMessage m, String bodyPath, ZoneId zone, PrintStream out) {
        StoredMessage s = m.stored();
        line(out, "Topic:", m.topic());
        line(out, "Tags:", "[" + m.tags() + "]");
        line(out, "Keys:", "[" + m.keys() + "]");
        line(out, "Queue ID:", s.queueId());
        line(out, "Queue Offset:", s.queueOffset());
        line(out, "CommitLog Offset:", s.physicalOffset());
        line(out, "Reconsume Times:", s.reconsumeTimes());
        line(out, "Born Timestamp:", Formats.millis(s.bornTimestamp(), zone));
        line(out, "Store Timestamp:", Formats.millis(s.storeTimestamp(), zone));
        line(out, "Born Host:", s.bornHost());
        line(out, "Store Host:", s.storeHost());
        line(out, "System Flag:", s.sysFlag());
        line(out, "Properties:", Formats.javaMap(m.properties()));
        line(out, "Message Body Path:", bodyPath);
    }

    private static void line(PrintStream out, String label, Object value) {
        out.print(f("%-20s %s%n", label, value));
    }

    static void tracks(List<MessageTrack> tracks, PrintStream out) {
        if (tracks.isEmpty()) {
            out.print(f("%n%nWARN: No Consumer%n"));
            return;
        }
        out.print(f("%n%n"));
        for (MessageTrack t : tracks) {
            out.print(f("MessageTrack [consumerGroup=%s, trackType=%s, exceptionDesc=%s]%n", t.consumerGroup(),
                    t.trackType(), t.exceptionDesc()));
        }
    }

    static void byKey(List<AdminMessage> messages, PrintStream out) {
        out.print(f("%-50s %4s %40s%n", "#Message ID", "#QID", "#Offset"));
        for (AdminMessage m : messages) {
            out.print(f("%-50s %4d %40d%n", m.msgId(), m.stored().queueId(), m.stored().queueOffset()));
        }
    }

    static void sent(SendOutcome r, PrintStream out) {
        out.print(f("%-32s  %-4s  %-20s    %s%n", "#Broker Name", "#QID", "#Send Result", "#MsgId"));
        out.print(f("%-32s  %-4s  %-20s    %s%n", r.queue().brokerName(), r.queue().queueId(), r.sendStatus(), r.msgId()));
    }

    static void queueStart(MessageQueue mq, long minOffset, long maxOffset, PrintStream out) {
        out.print(f("minOffset=%s, maxOffset=%s, %s%n", minOffset, maxOffset, mq));
    }

    /** One line per message: its id, Java's MessageExt text, and the body or NOT PRINT BODY. */
    static void pulled(List<AdminMessage> messages, boolean printBody, Charset charset, PrintStream out) {
        for (AdminMessage m : messages) {
            out.print(f("MSGID: %s %s BODY: %s%n", m.msgId(), messageExt(m),
                    printBody ? new String(m.body(), charset) : "NOT PRINT BODY"));
        }
    }

    /** What a pull that ends a queue's listing printed: no match, or finished. */
    static void pullStatus(MessageQueue mq, PullAnswer answer, PrintStream out) {
        if (answer.status() == PullAnswer.Status.NO_MATCHED_MSG) {
            out.print(f("%s no matched msg. status=%s, offset=%s%n", mq, answer.status(), answer.nextBeginOffset()));
        } else if (answer.status() != PullAnswer.Status.FOUND) {
            out.print(f("%s print msg finished. status=%s, offset=%s%n", mq, answer.status(), answer.nextBeginOffset()));
        }
    }

    /** RocketMQ's MessageExt.toString, which printMsg output carries and operators grep. */
    static String messageExt(AdminMessage m) {
        StoredMessage s = m.stored();
        return "MessageExt [brokerName=" + m.brokerName() + ", queueId=" + s.queueId() + ", storeSize=" + s.storeSize()
                + ", queueOffset=" + s.queueOffset() + ", sysFlag=" + s.sysFlag() + ", bornTimestamp=" + s.bornTimestamp()
                + ", bornHost=/" + s.bornHost() + ", storeTimestamp=" + s.storeTimestamp() + ", storeHost=/" + s.storeHost()
                + ", msgId=" + m.offsetMsgId() + ", commitLogOffset=" + s.physicalOffset() + ", bodyCRC=" + s.bodyCrc()
                + ", reconsumeTimes=" + s.reconsumeTimes() + ", preparedTransactionOffset=" + s.preparedTransactionOffset()
                + ", toString()=Message{topic='" + m.topic() + "', flag=" + s.flag() + ", properties="
                + Formats.javaMap(m.properties()) + ", body=" + Arrays.toString(m.body()) + ", transactionId='null'}]";
    }

    /** queryMsgByUniqueKey -g -d: the consumer's answer in Java's text of it, ended with a newline mqadmin leaves out. */
    static void consumedDirectly(ConsumeDirectlyResult r, PrintStream out) {
        out.println("ConsumeMessageDirectlyResult [order=" + r.order() + ", autoCommit=" + r.autoCommit() + ", consumeResult="
                + r.consumeResult() + ", remark=" + r.remark() + ", spentTimeMills=" + r.spentTimeMills() + "]");
    }

    /** printMsgByQueue -f: one line per tag, most messages first; equal counts in tag order. */
    static void tagCounts(Map<String, Long> counts, PrintStream out) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.print(f("Tag: %-30s Count: %s%n", e.getKey(), e.getValue())));
    }
}
