package io.petrel.real.mqadmin;

import io.petrel.admin.ConsumerStatusReport;
import io.petrel.admin.PeerResult;
import io.petrel.admin.ResetOffsetResult;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.MessageQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The consumer commands: consumerProgress, consumerStatus, getConsumerStatus, consumerConnection,
 * producerConnection, resetOffsetByTime, skipAccumulatedMessage, cloneGroupOffset.
 */
final class ConsumerCommands {

    private ConsumerCommands() {
    }

    @Command(name = "consumerProgress", description = "Print a group's offsets and backlog per queue, or every group's totals")
    static final class ConsumerProgress extends AdminCommand {
        @Option(names = {"-g", "--groupName"}, description = "consumer group; without it every group is listed")
        String groupName;
        @Option(names = {"-s", "--showClientIP"}, description = "show the client IP owning each queue: true or false")
        String showClientIp;

        @Override
        int run() {
            if (groupName == null) {
                ConsumerRenderer.allGroups(call(a -> a.consumers().progressOfAllGroups()), out());
                return OK;
            }
            String group = groupName.trim();
            ConsumeStats stats = call(a -> a.consumers().consumeStats(group, null));
            Map<MessageQueue, String> owners = bool("-s", showClientIp, false) ? call(a -> a.consumers().queueOwners(group)) : null;
            ConsumerRenderer.progress(stats, owners, context().zone(), out());
            return OK;
        }
    }

    @Command(name = "consumerStatus", description = "Print each client's running info: subscriptions, queues, rates")
    static final class ConsumerStatus extends AdminCommand {
        @Option(names = {"-g", "--consumerGroup"}, required = true, description = "consumer group")
        String group;
        @Option(names = {"-i", "--clientId"}, description = "only this client, printed in full")
        String clientId;
        @Option(names = {"-b", "--brokerAddr"}, description = "ask this broker instead of the group's first")
        String brokerAddr;
        @Option(names = {"-s", "--jstack"}, description = "include each client's thread dump")
        boolean jstack;

        @Override
        int run() {
            String g = group.trim();
            if (clientId != null) {
                ConsumerRunningInfo info = call(a -> a.consumers().consumerRunningInfo(g, clientId.trim(), jstack));
                out().print(RunningInfoRenderer.text(info, context().zone()));
                return OK;
            }
            String broker = brokerAddr == null ? null : brokerAddr.trim();
            ConsumerStatusReport report = call(a -> a.consumers().consumerStatus(g, broker, jstack));
            long now = context().wallClockMs().getAsLong();
            Map<String, String> files = writeFiles(report, now);
            RunningInfoRenderer.clients(report, files, now, out());
            RunningInfoRenderer.failures(report).forEach(line -> err().println("mqadmin consumerStatus: " + line));
            return RunningInfoRenderer.failures(report).isEmpty() ? OK : FAILED;
        }

        /** Writes each running info to {@code <now>/<clientId>} under the working directory, as mqadmin does. */
        private Map<String, String> writeFiles(ConsumerStatusReport report, long now) {
            Map<String, String> files = new TreeMap<>();
            report.runningInfo().forEach((id, info) -> {
                if (info.isOk()) {
                    String relative = now + "/" + id;
                    Path file = context().workDir().resolve(relative);
                    try {
                        Files.createDirectories(file.getParent());
                        Files.writeString(file, RunningInfoRenderer.text(info.value(), context().zone()), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        err().println("mqadmin consumerStatus: cannot write " + file + ": " + e.getMessage());
                    }
                    files.put(id, relative);
                }
            });
            return files;
        }
    }

    @Command(name = "getConsumerStatus", description = "Print the offsets each client of a group holds in memory for a topic")
    static final class GetConsumerStatus extends AdminCommand {
        @Option(names = {"-g", "--group"}, required = true, description = "consumer group")
        String group;
        @Option(names = {"-t", "--topic"}, required = true, description = "topic")
        String topic;
        @Option(names = {"-i", "--originClientId"}, description = "only this client: its client id or its IP")
        String client;

        @Override
        int run() {
            String filter = client == null ? "" : client.trim();
            ConsumerRenderer.consumerOffsets(call(a -> a.consumers().consumerOffsets(topic.trim(), group.trim(), filter)), out());
            return OK;
        }
    }

    @Command(name = "consumerConnection", description = "Print a group's client connections and subscriptions")
    static final class ConsumerConnection extends AdminCommand {
        @Option(names = {"-g", "--consumerGroup"}, required = true, description = "consumer group")
        String group;
        @Option(names = {"-b", "--brokerAddr"}, description = "ask this broker instead of the group's first")
        String brokerAddr;

        @Override
        int run() {
            String g = group.trim();
            io.petrel.common.ConsumerConnection cc = brokerAddr == null ? call(a -> a.consumers().consumerConnection(g))
                    : call(a -> a.consumers().consumerConnection(g, brokerAddr.trim()));
            ConsumerRenderer.consumerConnection(cc, out());
            return OK;
        }
    }

    @Command(name = "producerConnection", description = "Print a producer group's connections to a topic's broker")
    static final class ProducerConnection extends AdminCommand {
        @Option(names = {"-g", "--producerGroup"}, required = true, description = "producer group")
        String group;
        @Option(names = {"-t", "--topic"}, required = true, description = "a topic the group sends to")
        String topic;

        @Override
        int run() {
            ConsumerRenderer.producerConnection(call(a -> a.consumers().producerConnection(group.trim(), topic.trim())), out());
            return OK;
        }
    }

    @Command(name = "resetOffsetByTime", description = "Move a group's offsets on a topic to a point in time")
    static final class ResetOffsetByTime extends AdminCommand {
        @Option(names = {"-g", "--group"}, required = true, description = "consumer group")
        String group;
        @Option(names = {"-t", "--topic"}, required = true, description = "topic")
        String topic;
        @Option(names = {"-s", "--timestamp"}, required = true,
                description = "now, milliseconds since the epoch, or yyyy-MM-dd#HH:mm:ss:SSS")
        String timestamp;
        @Option(names = {"-f", "--force"}, description = "also move offsets forward: true (default) or false")
        String force;
        @Option(names = {"-c", "--cplus"}, description = "accepted for compatibility; the reset is the same for every client")
        boolean cplus;

        @Override
        int run() {
            String text = timestamp.trim();
            long millis = "now".equals(text) ? -1 : timestamp("-s", text);
            boolean forced = bool("-f", force, true);
            ResetOffsetResult r = call(a -> a.resetOffsetByTime(topic.trim(), group.trim(), millis, forced));
            ConsumerRenderer.resetOffset(r, text, out());
            return OK;
        }
    }

    /**
     * resetOffsetByTime to the end of every queue: the group's backlog is skipped. An online group's
     * clients are told their new offsets; an offline group's stored offsets are rolled forward.
     */
    @Command(name = "skipAccumulatedMessage", description = "Skip all messages that are accumulated (not consumed) currently")
    static final class SkipAccumulatedMessage extends AdminCommand {
        @Option(names = {"-g", "--group"}, required = true, description = "set the consumer group")
        String group;
        @Option(names = {"-t", "--topic"}, required = true, description = "set the topic")
        String topic;
        @Option(names = {"-f", "--force"}, description = "also move offsets forward: true (default) or false")
        String force;

        @Override
        int run() {
            boolean forced = bool("-f", force, true);
            ResetOffsetResult r = call(a -> a.resetOffsetByTime(topic.trim(), group.trim(), -1, forced));
            ConsumerRenderer.resetOffsetTable(r, out());
            return OK;
        }
    }

    /**
     * Copies a group's offsets on a topic to another group with CLONE_GROUP_OFFSET on every broker
     * of the topic's route, as RocketMQ's admin API does; -o tells the brokers to copy even when the
     * source group's online members do not subscribe to the topic.
     */
    @Command(name = "cloneGroupOffset", description = "clone offset from other group.")
    static final class CloneGroupOffset extends AdminCommand {
        @Option(names = {"-s", "--srcGroup"}, required = true, description = "set source consumer group")
        String srcGroup;
        @Option(names = {"-d", "--destGroup"}, required = true, description = "set destination consumer group")
        String destGroup;
        @Option(names = {"-t", "--topic"}, required = true, description = "set the topic")
        String topic;
        @Option(names = {"-o", "--offline"}, description = "the group or the topic is offline: true or false (default)")
        String offline;

        @Override
        int run() {
            boolean isOffline = bool("-o", offline, false);
            String src = srcGroup.trim();
            String dest = destGroup.trim();
            String t = topic(topic);
            List<PeerResult<Void>> r = call(a -> a.consumers().cloneGroupOffset(src, dest, t, isOffline));
            ConsumerRenderer.groupOffsetCloned(src, dest, t, r, out());
            return exitCode(r);
        }
    }
}
