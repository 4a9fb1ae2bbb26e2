package io.petrel.real.mqadmin;

import io.petrel.admin.AdminException;
import io.petrel.admin.AdminSender;
import io.petrel.admin.SendOutcome;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.PermName;
import io.petrel.common.QueueData;
import io.petrel.common.TopicRouteData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The commands that time sends: sendMsgStatus, checkMsgSendRT. Each send is one blocking call
 * through the admin client's producer, timed with the context's wall clock.
 */
final class SendRtCommands {

    /** RocketMQ's producer refuses bodies over 4 MiB (its maxMessageSize default). */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private SendRtCommands() {
    }

    /** A body of {@code size} bytes of 'a', as checkMsgSendRT and clusterRT send. */
    static String filler(long size) {
        return "a".repeat((int) size);
    }

    static long nonNegative(String option, long value) {
        if (value < 0 || value > MAX_BODY_BYTES) {
            throw AdminCommand.invalid("option " + option + " must be between 0 and " + MAX_BODY_BYTES + ", not " + value);
        }
        return value;
    }

    /**
     * Sends one small message to the topic named after the broker, then {@code -c} messages of
     * about {@code -s} bytes ("hello jodie" repeated, as mqadmin's body), printing each one's
     * round trip and result.
     */
    @Command(name = "sendMsgStatus", description = "send msg to broker.")
    static final class SendMsgStatus extends AdminCommand {
        private static final String PIECE = "hello jodie";
        private static final int WARM_UP_SIZE = 16;

        @Option(names = {"-b", "--brokerName"}, required = true, description = "Broker Name")
        String brokerName;
        @Option(names = {"-s", "--messageSize"}, defaultValue = "128", description = "Message Size, Default: 128")
        long messageSize;
        @Option(names = {"-c", "--count"}, defaultValue = "50", description = "send message count, Default: 50")
        long count;

        static String body(long size) {
            return PIECE.repeat((int) ((size + PIECE.length() - 1) / PIECE.length()));
        }

        @Override
        int run() {
            long size = nonNegative("-s", messageSize);
            if (count < 0) {
                throw invalid("option -c must not be negative, not " + count);
            }
            String topic = brokerName.trim();
            call(a -> a.messages().send(new AdminSender.Request(topic, body(WARM_UP_SIZE), null, null, null, -1)));
            AdminSender.Request request = new AdminSender.Request(topic, body(size), null, null, null, -1);
            for (long i = 0; i < count; i++) {
                long start = context().wallClockMs().getAsLong();
                SendOutcome outcome = call(a -> a.messages().send(request));
                SendRtRenderer.sendStatus(context().wallClockMs().getAsLong() - start, outcome, out());
            }
            return OK;
        }
    }

    /**
     * Sends {@code -a} messages of {@code -s} bytes to the topic's writable queues in turn (the
     * i-th to queue i modulo their number, in RocketMQ's publish order), printing each one's
     * queue, success and round trip, then the mean round trip of all but the first.
     */
    @Command(name = "checkMsgSendRT", description = "check message send response time")
    static final class CheckMsgSendRt extends AdminCommand {
        @Option(names = {"-t", "--topic"}, required = true, description = "topic name")
        String topic;
        @Option(names = {"-a", "--amount"}, defaultValue = "100", description = "message amount | default 100")
        long amount;
        @Option(names = {"-s", "--size"}, defaultValue = "128", description = "message size | default 128 Byte")
        long size;

        @Override
        int run() {
            String t = topic(topic);
            String body = filler(nonNegative("-s", size));
            if (amount < 1) {
                throw invalid("option -a must be at least 1, not " + amount);
            }
            List<MessageQueue> queues = writeQueues(call(a -> a.namesrv().route(t)), t);
            SendRtRenderer.checkHeader(out());
            long elapsedMs = 0;
            for (long i = 0; i < amount; i++) {
                MessageQueue mq = queues.get((int) (i % queues.size()));
                AdminSender.Request request = new AdminSender.Request(t, body, null, null, mq.brokerName(), mq.queueId());
                long start = context().wallClockMs().getAsLong();
                boolean ok;
                try {
                    call(a -> a.messages().send(request));
                    ok = true;
                } catch (AdminException e) {
                    ok = false;
                }
                long rt = context().wallClockMs().getAsLong() - start;
                elapsedMs += i == 0 ? 0 : rt;
                SendRtRenderer.checkRow(mq, ok, rt, out());
            }
            SendRtRenderer.average((double) elapsedMs / (amount - 1), out());
            return OK;
        }
    }

    /** The queues a producer writes to: each writable broker with a master, by name, queue ids in order. */
    static List<MessageQueue> writeQueues(TopicRouteData route, String topic) {
        List<QueueData> datas = new ArrayList<>(route.queueDatas());
        datas.sort(Comparator.comparing(QueueData::brokerName));
        List<MessageQueue> queues = new ArrayList<>();
        for (QueueData q : datas) {
            boolean hasMaster = route.brokerDatas().stream().anyMatch(b -> b.brokerName().equals(q.brokerName())
                    && b.brokerAddrs().containsKey(MixAll.MASTER_ID));
            if (PermName.isWriteable(q.perm()) && hasMaster) {
                for (int i = 0; i < q.writeQueueNums(); i++) {
                    queues.add(new MessageQueue(topic, q.brokerName(), i));
                }
            }
        }
        if (queues.isEmpty()) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "topic " + topic + " has no writable queue on a master");
        }
        return queues;
    }
}
