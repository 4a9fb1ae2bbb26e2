package io.petrel.real.mqadmin;

import io.petrel.admin.AdminException;
import io.petrel.admin.PullAnswer;
import io.petrel.common.MessageQueue;
import io.petrel.common.QueryConsumeQueueResponseBody;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands that read one queue: printMsgByQueue, and queryCq for its raw consume-queue entries. */
final class QueueCommands {

    /** RocketMQ's pull consumer asks for at most this many messages per pull here. */
    private static final int PULL_BATCH = 32;

    private QueueCommands() {
    }

    /**
     * Reads one queue from its minimum (or -b's time) to its maximum (or -e's time), as mqadmin
     * does: stops at the first pull that finds nothing matching -s, prints the messages with -p
     * and counts them by tag with -f, most frequent first (equal counts by tag).
     */
    @Command(name = "printMsgByQueue", description = "Print Message Detail")
    static final class PrintMsgByQueue extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;
        @Option(names = {"-a", "--brokerName"}, required = true, description = "broker name")
        String brokerName;
        @Option(names = {"-i", "--queueId"}, required = true, description = "queue id")
        int queueId;
        @Option(names = {"-c", "--charsetName"}, defaultValue = "UTF-8", description = "charset of bodies (default UTF-8)")
        String charsetName;
        @Option(names = {"-s", "--subExpression"}, defaultValue = "*", description = "tag expression, e.g. TagA || TagB")
        String subExpression;
        @Option(names = {"-b", "--beginTimestamp"}, description = "from this time: milliseconds or yyyy-MM-dd#HH:mm:ss:SSS")
        String begin;
        @Option(names = {"-e", "--endTimestamp"}, description = "until this time: milliseconds or yyyy-MM-dd#HH:mm:ss:SSS")
        String end;
        @Option(names = {"-p", "--printMsg"}, description = "print the messages: true or false (default)")
        String printMsg;
        @Option(names = {"-d", "--printBody"}, description = "print their bodies: true or false (default)")
        String printBody;
        @Option(names = {"-f", "--calculate"}, description = "count the messages by tag: true or false (default)")
        String calculate;

        @Override
        int run() {
            Charset charset = MessageCommands.charset(charsetName);
            boolean messages = bool("-p", printMsg, false);
            boolean bodies = bool("-d", printBody, false);
            boolean byTag = bool("-f", calculate, false);
            Long beginMs = begin == null ? null : timestamp("-b", begin);
            Long endMs = end == null ? null : timestamp("-e", end);
            MessageQueue mq = new MessageQueue(topic(topic), brokerName.trim(), queueId);
            long min = beginMs == null ? call(a -> a.messages().minOffset(mq)) : call(a -> a.messages().searchOffset(mq, beginMs));
            long max = endMs == null ? call(a -> a.messages().maxOffset(mq)) : call(a -> a.messages().searchOffset(mq, endMs));
            Map<String, Long> tagCounts = new TreeMap<>();
            int code = OK;
            for (long offset = min; offset < max;) {
                long from = offset;
                PullAnswer answer;
                try {
                    answer = call(a -> a.messages().pull(mq, subExpression.trim(), from, PULL_BATCH));
                } catch (AdminException e) {
                    err().println("mqadmin printMsgByQueue: " + e.getMessage());
                    code = FAILED;
                    break;
                }
                if (answer.status() != PullAnswer.Status.FOUND || answer.nextBeginOffset() <= offset) {
                    break;
                }
                offset = answer.nextBeginOffset();
                answer.messages().forEach(m -> {
                    if (m.tags() != null && !m.tags().isBlank()) {
                        tagCounts.merge(m.tags(), 1L, Long::sum);
                    }
                });
                if (messages) {
                    MessageRenderer.pulled(answer.messages(), bodies, charset, out());
                }
            }
            if (byTag) {
                MessageRenderer.tagCounts(tagCounts, out());
            }
            return code;
        }
    }

    /**
     * Up to -c raw consume-queue entries of queue -q from index -i, read from -b or from the first
     * broker of the topic's route, with -g's subscription when given. An index the queue does not
     * hold, or a queue the broker does not have, fails with the broker's words.
     */
    @Command(name = "queryCq", description = "Query cq command.")
    static final class QueryCq extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;
        @Option(names = {"-q", "--queue"}, required = true, description = "queue num, ie. 1")
        int queueId;
        @Option(names = {"-i", "--index"}, required = true, description = "start queue index.")
        long index;
        @Option(names = {"-c", "--count"}, defaultValue = "10", description = "how many (default 10).")
        int count;
        @Option(names = {"-b", "--broker"}, description = "broker addr (default: the first broker of the topic's route).")
        String broker;
        @Option(names = {"-g", "--consumer"}, description = "consumer group.")
        String consumer;

        @Override
        int run() {
            String t = topic(topic);
            if (count < 1) {
                throw invalid("-c must be at least 1, not " + count);
            }
            String group = consumer == null || consumer.isBlank() ? null : consumer.trim();
            String address = broker == null || broker.isBlank() ? call(a -> a.topics().firstBrokerOf(t)) : broker.trim();
            QueryConsumeQueueResponseBody body = call(a -> a.broker().queryConsumeQueue(address, t, queueId, index, count,
                    group));
            OperationsRenderer.consumeQueue(body, index, out());
            return OK;
        }
    }
}
