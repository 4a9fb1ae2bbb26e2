package io.petrel.real.mqadmin;

import io.petrel.admin.AdminException;
import io.petrel.admin.AdminMessage;
import io.petrel.admin.AdminSender;
import io.petrel.admin.MessageTrack;
import io.petrel.admin.PullAnswer;
import io.petrel.admin.SendOutcome;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The message commands: queryMsgById, queryMsgByKey, queryMsgByOffset, printMsg, sendMessage,
 * consumeMessage. Reading a queue is a loop of pulls driven from here, one blocking call per
 * pull, printing as it goes as mqadmin does.
 */
final class MessageCommands {

    /** RocketMQ's pull consumer asks for at most this many messages per pull in printMsg. */
    private static final int PULL_BATCH = 32;

    private MessageCommands() {
    }

    /** Writes a message's body where mqadmin writes it, returning the path printed. */
    static String writeBody(MqAdminContext context, AdminMessage m) {
        return writeBody(context, m, m.msgId());
    }

    /** Writes a message's body to {@code fileName} in the body directory, returning the path printed. */
    static String writeBody(MqAdminContext context, AdminMessage m, String fileName) {
        Path file = context.bodyDir().resolve(fileName);
        try {
            Files.createDirectories(context.bodyDir());
            Files.write(file, m.body());
        } catch (IOException e) {
            context.err().println("mqadmin: cannot write the message body to " + file + ": " + e.getMessage());
        }
        return file.toString();
    }

    /**
     * Without options, each message with its track; with -g and -d, each consumed once more by one
     * client of the group; with -s true, each sent again to its topic, printed as 4.9.8 prints it
     * (its two parts on one line, which Petrel ends). Where 4.9.8 quietly queries when only one of -g and -d is given, and does
     * nothing at all for -s false, Petrel refuses the first and queries for the second; -u (a
     * producer's unit name) is refused, as Petrel has no unit mode.
     */
    @Command(name = "queryMsgById", description = "Print a message by its offset message id, and who consumed it")
    static final class QueryMsgById extends AdminCommand {
        @Option(names = {"-i", "--msgId"}, required = true, description = "offsetMsgId(s), separated by commas")
        String msgIds;
        @Option(names = {"-g", "--consumerGroup"}, description = "consumer group name (with -d)")
        String group;
        @Option(names = {"-d", "--clientId"}, description = "the consumer's client id (with -g)")
        String clientId;
        @Option(names = {"-s", "--sendMessage"}, description = "resend message: true or false")
        String sendMessage;
        @Option(names = {"-u", "--unitName"}, description = "unit name (not supported: Petrel has no unit mode)")
        String unitName;

        @Override
        int run() {
            if ((group == null) != (clientId == null)) {
                throw invalid("-g and -d go together: each message is consumed again by client -d of group -g");
            }
            if (unitName != null) {
                throw invalid("-u " + unitName.trim() + ": Petrel has no unit mode, so a resend cannot name a unit");
            }
            boolean resend = group == null && bool("-s", sendMessage, false);
            for (String id : msgIds.split(",")) {
                if (id.isBlank()) {
                    continue;
                }
                String offsetMsgId = id.trim();
                if (group != null) {
                    MessageRenderer.consumedDirectly(call(a -> a.messages().consumeDirectlyById(group.trim(),
                            clientId.trim(), offsetMsgId)), out());
                } else if (resend) {
                    SendOutcome o = call(a -> a.messages().resend(offsetMsgId));
                    out().print("prepare resend msg. originalMsgId=" + offsetMsgId + "SendResult [sendStatus=" + o.sendStatus()
                            + ", msgId=" + o.msgId() + ", offsetMsgId=" + o.offsetMsgId() + ", messageQueue=" + o.queue()
                            + ", queueOffset=" + o.queueOffset() + "]\n");
                } else {
                    AdminMessage m = call(a -> a.messages().viewMessage(offsetMsgId));
                    MessageRenderer.details(m, writeBody(context(), m), context().zone(), out());
                    List<MessageTrack> tracks = call(a -> a.messages().messageTrack(m));
                    MessageRenderer.tracks(tracks, out());
                }
            }
            return OK;
        }
    }

    @Command(name = "queryMsgByKey", description = "Print the messages of a topic having a key")
    static final class QueryMsgByKey extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic")
        String topic;
        @Option(names = {"-k", "--msgKey"}, required = true, description = "message key")
        String key;

        @Override
        int run() {
            List<AdminMessage> found = call(a -> a.messages().queryByKey(topic.trim(), key.trim()));
            MessageRenderer.byKey(found, out());
            return OK;
        }
    }

    @Command(name = "queryMsgByOffset", description = "Print the message at a queue offset")
    static final class QueryMsgByOffset extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic")
        String topic;
        @Option(names = {"-b", "--brokerName"}, required = true, description = "broker name")
        String brokerName;
        @Option(names = {"-i", "--queueId"}, required = true, description = "queue id")
        int queueId;
        @Option(names = {"-o", "--offset"}, required = true, description = "queue offset")
        long offset;

        @Override
        int run() {
            MessageQueue mq = new MessageQueue(topic.trim(), brokerName.trim(), queueId);
            AdminMessage m = call(a -> a.messages().messageAt(mq, offset));
            MessageRenderer.details(m, writeBody(context(), m), context().zone(), out());
            MessageRenderer.tracks(call(a -> a.messages().messageTrack(m)), out());
            return OK;
        }
    }

    @Command(name = "printMsg", description = "Print every message of a topic, queue by queue")
    static final class PrintMsg extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic")
        String topic;
        @Option(names = {"-c", "--charsetName"}, defaultValue = "UTF-8", description = "charset of bodies (default UTF-8)")
        String charsetName;
        @Option(names = {"-s", "--subExpression"}, defaultValue = "*", description = "tag expression, e.g. TagA || TagB")
        String subExpression;
        @Option(names = {"-b", "--beginTimestamp"}, description = "from this time: milliseconds or yyyy-MM-dd#HH:mm:ss:SSS")
        String begin;
        @Option(names = {"-e", "--endTimestamp"}, description = "until this time: milliseconds or yyyy-MM-dd#HH:mm:ss:SSS")
        String end;
        @Option(names = {"-d", "--printBody"}, description = "print bodies: true (default) or false")
        String printBody;

        @Override
        int run() {
            Charset charset = charset(charsetName);
            boolean bodies = bool("-d", printBody, true);
            Long beginMs = begin == null ? null : timestamp("-b", begin);
            Long endMs = end == null ? null : timestamp("-e", end);
            for (MessageQueue mq : call(a -> a.messages().readQueues(topic.trim()))) {
                long min = beginMs == null ? call(a -> a.messages().minOffset(mq)) : call(a -> a.messages().searchOffset(mq, beginMs));
                long max = endMs == null ? call(a -> a.messages().maxOffset(mq)) : call(a -> a.messages().searchOffset(mq, endMs));
                MessageRenderer.queueStart(mq, min, max, out());
                readQueue(mq, min, max, bodies, charset);
                out().println(MessageRenderer.QUEUE_END);
            }
            return OK;
        }

        private void readQueue(MessageQueue mq, long min, long max, boolean bodies, Charset charset) {
            long offset = min;
            while (offset < max) {
                long from = offset;
                PullAnswer answer;
                try {
                    answer = call(a -> a.messages().pull(mq, subExpression, from, PULL_BATCH));
                } catch (AdminException e) {
                    err().println("mqadmin printMsg: " + e.getMessage());
                    return;
                }
                MessageRenderer.pulled(answer.messages(), bodies, charset, out());
                MessageRenderer.pullStatus(mq, answer, out());
                boolean finished = answer.status() == PullAnswer.Status.NO_NEW_MSG
                        || answer.status() == PullAnswer.Status.OFFSET_ILLEGAL;
                if (finished || answer.nextBeginOffset() <= offset) {
                    return;
                }
                offset = answer.nextBeginOffset();
            }
        }
    }

    static Charset charset(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            throw AdminCommand.invalid("unknown charset '" + name + "'");
        }
    }

    @Command(name = "sendMessage", description = "Send one message")
    static final class SendMessage extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic")
        String topic;
        @Option(names = {"-p", "--body"}, required = true, description = "message body (UTF-8 text)")
        String body;
        @Option(names = {"-k", "--key"}, description = "message keys, separated by spaces")
        String keys;
        @Option(names = {"-c", "--tags"}, description = "message tag")
        String tags;
        @Option(names = {"-b", "--broker"}, description = "send to this broker (name)")
        String brokerName;
        @Option(names = {"-i", "--qid"}, description = "send to this queue of the broker given with -b")
        Integer queueId;
        @Option(names = {"-m", "--msgTraceEnable"}, description = "accepted for compatibility; Petrel sends no trace")
        String msgTraceEnable;

        @Override
        int run() {
            if (queueId != null && brokerName == null) {
                throw invalid("-i needs -b: a queue id means nothing without its broker");
            }
            bool("-m", msgTraceEnable, false);
            AdminSender.Request request = new AdminSender.Request(topic(topic), body.trim(), trimmed(tags), trimmed(keys),
                    trimmed(brokerName), queueId == null ? -1 : queueId);
            MessageRenderer.sent(call(a -> a.messages().send(request)), out());
            return OK;
        }

        private static String trimmed(String s) {
            return s == null ? null : s.trim();
        }
    }

    @Command(name = "consumeMessage", description = "Pull and print messages of a topic, or of one queue from an offset")
    static final class ConsumeMessage extends AdminCommand {
        private static final long DEFAULT_COUNT = 128;

        @Option(names = {"-t", "--topic"}, required = true, description = "topic")
        String topic;
        @Option(names = {"-b", "--brokerName"}, description = "broker name (with -i)")
        String brokerName;
        @Option(names = {"-i", "--queueId"}, description = "queue id (needs -b)")
        Integer queueId;
        @Option(names = {"-o", "--offset"}, description = "start offset (needs -i)")
        Long offset;
        @Option(names = {"-g", "--consumerGroup"}, description = "pull as this group (default TOOLS_CONSUMER)")
        String group;
        @Option(names = {"-s", "--beginTimestamp"}, description = "from this time: milliseconds or yyyy-MM-dd#HH:mm:ss:SSS")
        String begin;
        @Option(names = {"-e", "--endTimestamp"}, description = "until this time: milliseconds or yyyy-MM-dd#HH:mm:ss:SSS")
        String end;
        @Option(names = {"-c", "--MessageNumber"}, description = "how many messages at most (default 128)")
        Long count;

        @Override
        int run() {
            ConsumeRange range = range();
            String pullGroup = group == null ? MixAll.TOOLS_CONSUMER_GROUP : group.trim();
            QueueReader reader = new QueueReader(this, pullGroup);
            if (queueId == null) {
                reader.allQueues(topic.trim(), range);
            } else {
                reader.oneQueue(new MessageQueue(topic.trim(), brokerName.trim(), queueId), offset == null ? 0 : offset, range);
            }
            return OK;
        }

        private ConsumeRange range() {
            if (queueId != null && brokerName == null) {
                throw invalid("-i needs -b: set the broker name before the queue id");
            }
            if (offset != null && queueId == null) {
                throw invalid("-o needs -i: set the queue id before the offset");
            }
            long max = count == null ? DEFAULT_COUNT : count;
            if (max <= 0) {
                throw invalid("-c must be a positive number of messages");
            }
            long now = context().wallClockMs().getAsLong();
            long from = begin == null ? 0 : timestamp("-s", begin);
            long to = end == null ? 0 : timestamp("-e", end);
            if (from > now || to > now) {
                throw invalid("-s and -e must not be in the future");
            }
            if (to > 0 && from > to) {
                throw invalid("-s must not be after -e");
            }
            return new ConsumeRange(from, to, max);
        }
    }

    /** consumeMessage's limits: times (0 for none) and how many messages in all. */
    record ConsumeRange(long beginMs, long endMs, long count) {
    }

    /** Reads queues for consumeMessage the way mqadmin does, printing each batch as it arrives. */
    static final class QueueReader {
        private final AdminCommand command;
        private final String group;

        QueueReader(AdminCommand command, String group) {
            this.command = command;
            this.group = group;
        }

        void allQueues(String topic, ConsumeRange range) {
            long left = range.count();
            for (MessageQueue mq : command.call(a -> a.messages().readQueues(topic))) {
                if (left <= 0) {
                    return;
                }
                long[] bounds = bounds(mq, range);
                if (bounds[1] - bounds[0] > left) {
                    command.out().print(Formats.f("The older %d message of the %d queue will be provided%n", left, mq.queueId()));
                    bounds[1] = bounds[0] + left - 1;
                    left = 0;
                } else {
                    left -= bounds[1] - bounds[0] + 1;
                }
                pullQueue(mq, bounds[0], bounds[1]);
            }
        }

        void oneQueue(MessageQueue mq, long offset, ConsumeRange range) {
            long[] bounds = bounds(mq, range);
            if (offset > bounds[1]) {
                command.out().print(Formats.f("%s no matched msg, offset=%s%n", mq, offset));
                return;
            }
            long min = Math.max(bounds[0], offset);
            long max = bounds[1];
            if (max - min > range.count()) {
                command.out().print(Formats.f("The older %d message will be provided%n", range.count()));
                max = min + range.count() - 1;
            }
            pullQueue(mq, min, max);
        }

        private long[] bounds(MessageQueue mq, ConsumeRange range) {
            long min = range.beginMs() > 0 ? command.call(a -> a.messages().searchOffset(mq, range.beginMs()))
                    : command.call(a -> a.messages().minOffset(mq));
            long max = range.endMs() > 0 ? command.call(a -> a.messages().searchOffset(mq, range.endMs()))
                    : command.call(a -> a.messages().maxOffset(mq));
            return new long[] {min, max};
        }

        private void pullQueue(MessageQueue mq, long min, long max) {
            long offset = min;
            while (offset <= max) {
                long from = offset;
                int batch = (int) Math.min(PULL_BATCH, max - offset + 1);
                PullAnswer answer = command.call(a -> a.messages().pull(mq, group, "*", from, batch));
                if (answer.status() == PullAnswer.Status.FOUND) {
                    command.out().print("Consume ok\n");
                }
                MessageRenderer.pulled(answer.messages(), true, StandardCharsets.UTF_8, command.out());
                MessageRenderer.pullStatus(mq, answer, command.out());
                boolean finished = answer.status() == PullAnswer.Status.NO_NEW_MSG
                        || answer.status() == PullAnswer.Status.OFFSET_ILLEGAL;
                if (finished || answer.nextBeginOffset() <= offset) {
                    return;
                }
                offset = answer.nextBeginOffset();
            }
        }
    }
}
