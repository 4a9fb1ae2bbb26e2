package io.petrel.real.mqadmin;

import io.petrel.admin.AdminException;
import io.petrel.admin.AdminMessage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The message look-ups by client id: queryMsgByUniqueKey, queryMsgTraceById. */
final class MessageQueryCommands {

    private MessageQueryCommands() {
    }

    /**
     * Without -g and -d, the oldest message of the topic with the client id (all of them, up to 32 a
     * broker, with -a), each with its track; with both, that message consumed once more by one client.
     * Where mqadmin prints nothing when no message has the id, Petrel says so on stderr and exits 1.
     */
    @Command(name = "queryMsgByUniqueKey", description = "Query Message by Unique key")
    static final class QueryMsgByUniqueKey extends AdminCommand {
        @Option(names = {"-i", "--msgId"}, required = true, description = "the message's unique key (client id)")
        String msgId;
        @Option(names = {"-g", "--consumerGroup"}, description = "consumer group name (with -d)")
        String group;
        @Option(names = {"-d", "--clientId"}, description = "the consumer's client id (with -g)")
        String clientId;
        @Option(names = {"-t", "--topic"}, required = true, description = "the topic of the message")
        String topic;
        @Option(names = {"-a", "--showAll"}, description = "print every message with the key (at most 32 a broker)")
        boolean showAll;

        @Override
        int run() {
            String id = msgId.trim();
            String t = topic.trim();
            if ((group == null) != (clientId == null)) {
                throw invalid("-g and -d go together: the message is consumed again by client -d of group -g");
            }
            if (group != null) {
                MessageRenderer.consumedDirectly(call(a -> a.messages().consumeDirectly(group.trim(), clientId.trim(), t, id)),
                        out());
                return OK;
            }
            List<AdminMessage> found = call(a -> a.messages().queryByUniqueKey(t, id));
            if (found.isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "no message with unique key " + id + " in topic " + t);
            }
            for (int i = 0; i < (showAll ? found.size() : 1); i++) {
                AdminMessage m = found.get(i);
                String path = MessageCommands.writeBody(context(), m, i == 0 ? m.msgId() : m.msgId() + "_" + i);
                MessageRenderer.fields(m, path, context().zone(), out());
                MessageRenderer.tracks(call(a -> a.messages().messageTrack(m)), out());
            }
            return OK;
        }
    }

    /**
     * The send and consume records RocketMQ's message trace wrote for a message id to the trace
     * topic (RMQ_SYS_TRACE_TOPIC, or -t). When the topic holds none for the id, the command fails
     * with the words mqadmin fails with.
     */
    @Command(name = "queryMsgTraceById", description = "query a message trace")
    static final class QueryMsgTraceById extends AdminCommand {
        static final String TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";

        @Option(names = {"-i", "--msgId"}, required = true, description = "Message Id")
        String msgId;
        @Option(names = {"-t", "--traceTopic"}, defaultValue = TRACE_TOPIC, description = "The name value of message trace topic")
        String traceTopic;

        @Override
        int run() {
            String id = msgId.trim();
            String t = traceTopic.trim();
            List<AdminMessage> found = call(a -> a.messages().queryByKey(t, id));
            if (found.isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "query message by key finished, but no message.");
            }
            TraceViews.Decoded decoded = TraceViews.decode(id, found);
            TraceRenderer.traces(decoded.views(), context().zone(), out());
            decoded.problems().forEach(p -> err().println("mqadmin queryMsgTraceById: " + p));
            return decoded.problems().isEmpty() ? OK : FAILED;
        }
    }
}
