package io.petrel.real.mqadmin;

import io.petrel.admin.AdminMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RocketMQ's message-trace records out of trace-topic messages, as queryMsgTraceById needs
 * them. A trace message's body holds records separated by char 2, each a list of fields separated
 * by char 1, the first naming the record:
 * <pre>
 * Pub       | time | region | group | topic | msgId | tags | keys | storeHost | bodyLength | costTime | msgType
 *           [| offsetMsgId] | success [| clientHost]
 * SubBefore | time | region | group | requestId | msgId | retryTimes | keys
 * SubAfter  | requestId | msgId | costTime | success | keys [| contextCode [| time | group]]
 * </pre>
 * Only Pub and SubAfter records of the asked message id are kept; the client host is the trace
 * message's born host, as RocketMQ shows it. A record that does not parse is reported, not skipped.
 */
final class TraceViews {

    private static final String FIELD_SEPARATOR = String.valueOf((char) 2);
    private static final String CONTENT_SEPARATOR = String.valueOf((char) 1);
    private static final int PUB_MIN_FIELDS = 12;
    private static final int SUB_AFTER_MIN_FIELDS = 6;
    private static final int SUB_AFTER_WITH_GROUP = 9;

    /** One record as queryMsgTraceById prints it. */
    record View(String type, String group, String clientHost, long timestampMs, long costTimeMs, boolean success) {
    }

    /** What was read: the kept records and a description of each record that did not parse. */
    record Decoded(List<View> views, List<String> problems) {
    }

    private TraceViews() {
    }

    static Decoded decode(String msgId, List<AdminMessage> traceMessages) {
        List<View> views = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (AdminMessage m : traceMessages) {
            String host = m.stored().bornHost().toString();
            String clientHost = host.substring(0, Math.max(0, host.lastIndexOf(':')));
            for (String record : new String(m.body(), StandardCharsets.UTF_8).split(FIELD_SEPARATOR)) {
                try {
                    View v = view(msgId, record.split(CONTENT_SEPARATOR, -1), clientHost);
                    if (v != null) {
                        views.add(v);
                    }
                } catch (RuntimeException e) {
                    problems.add("trace message " + m.offsetMsgId() + " has a record that does not parse (" + e + ")");
                }
            }
        }
        return new Decoded(views, problems);
    }

    private static View view(String msgId, String[] f, String clientHost) {
        if ("Pub".equals(f[0]) && f.length >= PUB_MIN_FIELDS) {
            if (!f[5].equals(msgId)) {
                return null;
            }
            boolean success = f.length >= PUB_MIN_FIELDS + 2 ? Boolean.parseBoolean(f[13])
                    : f.length == PUB_MIN_FIELDS + 1 && Boolean.parseBoolean(f[12]);
            return new View("Pub", f[3], clientHost, Long.parseLong(f[1]), Integer.parseInt(f[10]), success);
        }
        if ("SubAfter".equals(f[0]) && f.length >= SUB_AFTER_MIN_FIELDS) {
            if (!f[2].equals(msgId)) {
                return null;
            }
            boolean withGroup = f.length >= SUB_AFTER_WITH_GROUP;
            return new View("SubAfter", withGroup ? f[8] : null, clientHost, withGroup ? Long.parseLong(f[7]) : 0,
                    Integer.parseInt(f[3]), Boolean.parseBoolean(f[4]));
        }
        if (("Pub".equals(f[0]) || "SubAfter".equals(f[0]))) {
            throw new IllegalArgumentException(f[0] + " with " + f.length + " fields");
        }
        return null;
    }
}
