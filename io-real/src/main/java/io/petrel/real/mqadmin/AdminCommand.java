package io.petrel.real.mqadmin;

import io.petrel.admin.AdminClient;
import io.petrel.admin.AdminException;
import io.petrel.admin.PeerResult;
import io.petrel.admin.Promise;
import io.petrel.common.TopicValidator;
import io.petrel.real.admin.BlockingAdmin;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The shape every mqadmin command shares: RocketMQ's {@code -n} (falling back to NAMESRV_ADDR) and
 * {@code -h}; options parsed into a typed request in {@link #run()}, which calls the admin client
 * through {@link #call} and hands the result to a renderer. An {@link AdminException} ends the
 * command with its message on stderr and exit code {@link #FAILED}, or {@link #USAGE} when an
 * argument was invalid. The admin session opens on the first call and closes when the command ends.
 */
abstract class AdminCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @ParentCommand
    MqAdminCommand parent;

    @Option(names = {"-n", "--namesrvAddr"}, paramLabel = "ADDR",
            description = "NameServer addresses host:port[;host:port...]; default: $NAMESRV_ADDR")
    String namesrvAddr;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit")
    boolean help;

    private BlockingAdmin session;

    /** Parses the options, runs the command and renders its result; returns the exit code. */
    abstract int run();

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (AdminException e) {
            err().println("mqadmin " + name() + ": " + e.getMessage());
            return e.kind() == AdminException.Kind.INVALID_ARGUMENT ? USAGE : FAILED;
        } finally {
            if (session != null) {
                session.close();
                session = null;
            }
        }
    }

    String name() {
        return spec.name();
    }

    MqAdminContext context() {
        return parent.context();
    }

    PrintStream out() {
        return context().out();
    }

    PrintStream err() {
        return context().err();
    }

    /** Runs one admin operation and waits for it. */
    <T> T call(Function<AdminClient, Promise<T>> operation) {
        if (session == null) {
            String addr = namesrvAddr != null ? namesrvAddr : context().defaultNamesrvAddr();
            session = context().sessions().apply(AdminClient.parseNamesrvAddr(addr));
        }
        return session.call(operation);
    }

    /** {@link #FAILED} when any peer failed (the renderer has printed why), else {@link #OK}. */
    int exitCode(List<? extends PeerResult<?>> results) {
        boolean failed = false;
        for (PeerResult<?> r : results) {
            failed |= !r.isOk();
        }
        return failed ? FAILED : OK;
    }

    static AdminException invalid(String message) {
        return new AdminException(AdminException.Kind.INVALID_ARGUMENT, message);
    }

    /** RocketMQ's boolean options take a value; anything but true or false is refused rather than read as false. */
    static boolean bool(String option, String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("option " + option + " must be true or false, not '" + value + "'");
        };
    }

    static String topic(String value) {
        String topic = value.trim();
        String problem = TopicValidator.problem(topic);
        if (problem != null) {
            throw invalid("invalid topic name '" + topic + "': " + problem);
        }
        return topic;
    }

    /** Exactly one of -b and -c, as RocketMQ's commands that target a broker or a cluster require. */
    static void oneTarget(String brokerAddr, String cluster) {
        if ((brokerAddr == null) == (cluster == null)) {
            throw invalid(brokerAddr == null ? "give -b brokerAddr or -c clusterName" : "give -b or -c, not both");
        }
    }

    /**
     * RocketMQ's timestamp options: milliseconds since the epoch, or {@code yyyy-MM-dd#HH:mm:ss:SSS}
     * in the operator's time zone.
     */
    long timestamp(String option, String value) {
        String text = value.trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notMillis) {
            try {
                return LocalDateTime.parse(text,
                        DateTimeFormatter.ofPattern("yyyy-MM-dd#HH:mm:ss:SSS", Locale.ROOT))
                        .atZone(context().zone()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw invalid("option " + option + " must be milliseconds or yyyy-MM-dd#HH:mm:ss:SSS, not '" + value + "'");
            }
        }
    }
}
