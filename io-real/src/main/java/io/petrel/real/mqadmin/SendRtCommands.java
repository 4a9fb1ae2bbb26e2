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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The commands that time sends: sendMsgStatus, checkMsgSendRT, clusterRT. Each send is one blocking call
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

    /**
     * Times {@code -a} sends of {@code -s} bytes to the topic named after each broker of each
     * cluster (or of {@code -c}), printing a row per broker: the mean round trip of all but the
     * first send and how many succeeded and failed. mqadmin repeats this every {@code -i}
     * seconds (10 by default) until killed; Petrel prints one round and exits unless {@code -i}
     * is given, and then repeats until Ctrl-C (or {@code --times} rounds, for tests).
     */
    @Command(name = "clusterRT", description = "List All clusters Message Send RT")
    static final class ClusterRt extends AdminCommand {
        @Option(names = {"-a", "--amount"}, defaultValue = "100", description = "message amount | default 100")
        long amount;
        @Option(names = {"-s", "--size"}, defaultValue = "128", description = "message size | default 128 Byte")
        long size;
        @Option(names = {"-c", "--cluster"}, description = "cluster name | default display all cluster")
        String cluster;
        @Option(names = {"-p", "--printLog"}, description = "print as tlog (time|room|cluster|broker|rt): true or false")
        String printLog;
        @Option(names = {"-m", "--machineRoom"}, defaultValue = "noname", description = "machine room name | default noname")
        String machineRoom;
        @Option(names = {"-i", "--interval"}, description = "repeat every this many seconds, until Ctrl-C")
        Long intervalSeconds;
        @Option(names = "--times", hidden = true, description = "with -i, stop after this many rounds (for tests)")
        Long times;

        @Override
        int run() {
            String body = filler(nonNegative("-s", size));
            if (amount < 1) {
                throw invalid("option -a must be at least 1, not " + amount);
            }
            if (intervalSeconds != null && intervalSeconds < 1) {
                throw invalid("-i must be at least 1 second");
            }
            boolean tlog = bool("-p", printLog, false);
            Map<String, Set<String>> clusters = clusters();
            if (!tlog) {
                SendRtRenderer.clusterHeader(out());
            }
            long rounds = 0;
            do {
                if (rounds > 0 && !ClusterCommands.ClusterList.pause(intervalSeconds * 1000)) {
                    break;
                }
                clusters.forEach((name, brokers) -> brokers.forEach(broker -> {
                    SendRtRenderer.BrokerRt rt = timeBroker(name, broker, body);
                    if (tlog) {
                        SendRtRenderer.clusterTlog(context().wallClockMs().getAsLong(), machineRoom.trim(), rt, out());
                    } else {
                        SendRtRenderer.clusterRow(rt, out());
                    }
                }));
                rounds++;
            } while (intervalSeconds != null && (times == null || rounds < times));
            return OK;
        }

        private Map<String, Set<String>> clusters() {
            Map<String, Set<String>> all = new TreeMap<>();
            call(a -> a.namesrv().clusterInfo()).clusterAddrTable().forEach((c, b) -> all.put(c, new TreeSet<>(b)));
            if (cluster == null) {
                return all;
            }
            Set<String> brokers = all.get(cluster.trim());
            if (brokers == null) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "cluster [" + cluster.trim() + "] not exist");
            }
            return Map.of(cluster.trim(), brokers);
        }

        private SendRtRenderer.BrokerRt timeBroker(String clusterName, String broker, String body) {
            AdminSender.Request request = new AdminSender.Request(broker, body, null, null, null, -1);
            long elapsedMs = 0;
            int ok = 0;
            for (long i = 0; i < amount; i++) {
                long start = context().wallClockMs().getAsLong();
                try {
                    call(a -> a.messages().send(request));
                    ok++;
                } catch (AdminException e) {
                    err().println("mqadmin clusterRT: send to " + broker + " failed: " + e.getMessage());
                }
                elapsedMs += i == 0 ? 0 : context().wallClockMs().getAsLong() - start;
            }
            return new SendRtRenderer.BrokerRt(clusterName, broker, (double) elapsedMs / (amount - 1), ok, (int) (amount - ok));
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
