package io.petrel.real.main;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.MachineFacts;
import io.petrel.common.Sabotage;
import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigValues;
import io.petrel.config.PropertiesText;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.metrics.NodeEndpoints;
import io.petrel.real.metrics.PrometheusEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/mqbroker}: starts a Broker from a RocketMQ-style broker properties file. */
@Command(name = "mqbroker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start a Petrel broker.")
public final class BrokerMain implements Callable<Integer> {

    @Option(names = {"-c", "--configFile"}, paramLabel = "FILE", description = "Broker config properties file")
    String configFile;

    @Option(names = {"-n", "--namesrvAddr"}, paramLabel = "ADDR",
            description = "Name server address list, eg: 192.168.0.1:9876;192.168.0.2:9876 (overrides the file)")
    String namesrvAddr;

    @Option(names = {"-p", "--printConfigItem"}, description = "Print all config items and exit")
    boolean printAll;

    @Option(names = {"-m", "--printImportantConfig"}, description = "Print important config items and exit")
    boolean printImportant;

    private final PrintStream out;
    private final PrintStream err;
    private final String logDir;

    private final Set<Sabotage> sabotage;

    /** {@code logDir}: where the server log goes (the scripts pass {@code -Dpetrel.logDir}). */
    BrokerMain(PrintStream out, PrintStream err, String logDir) {
        this(out, err, logDir, Sabotage.none());
    }

    private BrokerMain(PrintStream out, PrintStream err, String logDir, Set<Sabotage> sabotage) {
        this.out = out;
        this.err = err;
        this.logDir = logDir;
        this.sabotage = Sabotage.copyOf(sabotage);
    }

    @Override
    public Integer call() {
        ConfigContext context = Machine.context();
        StartupNotes notes = new StartupNotes(err);
        Map<String, String> properties = Map.of();
        BrokerConfig settings;
        try {
            properties = ConfigFiles.read(configFile, overrides(), context);
            ConfigValues values = ConfigFiles.bind(BrokerConfig.REGISTRY, properties, configFile, context, notes);
            if (printAll || printImportant) {
                ConfigFiles.render(values, printImportant && !printAll).forEach(out::println);
                return 0;
            }
            settings = BrokerConfig.from(values);
        } catch (ConfigFiles.StartupError e) {
            return refuse(notes, properties, context, e.getMessage());
        } catch (ConfigException e) {
            return refuse(notes, properties, context, "bad configuration" + (configFile == null ? "" : " in " + configFile)
                    + ":\n  " + String.join("\n  ", e.problems()));
        }
        if (settings.namesrvAddrs().isEmpty()) {
            notes.warn("no NameServer configured (namesrvAddr, -n or NAMESRV_ADDR): clients cannot find this broker");
        }
        String stem = PidFile.stem("mqbroker", settings.brokerName(), String.valueOf(settings.listenPort()));
        String logFile = Logging.serverLog(logDir, stem);
        notes.toServerLog();
        return start(settings, stem, logFile);
    }

    /**
     * Refuses to start: says why on stderr and, unless only printing the configuration, in the log
     * the broker would have written (named from the file's brokerName and listenPort, or their
     * defaults), so an operator who discarded stderr finds the reason there.
     */
    private int refuse(StartupNotes notes, Map<String, String> properties, ConfigContext context, String problem) {
        err.println("mqbroker: " + problem);
        if (!printAll && !printImportant) {
            String name = properties.getOrDefault(BrokerConfig.BROKER_NAME.name(),
                    BrokerConfig.BROKER_NAME.defaultValue(context));
            String port = properties.getOrDefault(BrokerConfig.LISTEN_PORT.name(),
                    BrokerConfig.LISTEN_PORT.format(BrokerConfig.LISTEN_PORT.defaultValue(context)));
            notes.refuse(logDir, PidFile.stem("mqbroker", name.trim(), port.trim()), "mqbroker refused to start: " + problem);
        }
        return 1;
    }

    private int start(BrokerConfig settings, String stem, String logFile) {
        ServerProcess process = ServerProcess.create();
        RealRuntime runtime = process.runtime();
        MachineFacts machine = new MachineFacts(ZoneId.systemDefault(), totalMemoryBytes());
        try {
            Path root = Path.of(settings.store().storePathRootDir()).toAbsolutePath();
            root.toFile().mkdirs();
            AtomicReference<Broker> broker = new AtomicReference<>();
            RealNode node = runtime.start(RealNodeSpec.withOsSeed("broker-" + settings.brokerName(), root).withExit((status, reason) -> {
                err.println("mqbroker: exiting with status " + status + ": " + reason);
                System.exit(status);
            }), env -> {
                broker.set(new Broker(env, settings, machine, sabotage));
                return broker.get();
            });
            awaitServing(node, broker.get());
            PrometheusEndpoint endpoint = NodeEndpoints.forBroker(node, broker.get(), settings);
            if (endpoint != null) {
                process.closeFirst(endpoint);
                out.println("serving Prometheus metrics on port " + endpoint.port() + " (/metrics)");
            }
        } catch (RuntimeException e) {
            err.println("mqbroker: cannot start: " + NamesrvMain.rootMessage(e));
            runtime.close();
            return 1;
        }
        out.println("The broker[" + settings.brokerName() + ", " + settings.brokerAddr()
                + "] boot success. serializeType=JSON and name server is " + String.join(";",
                settings.namesrvAddrs().stream().map(Object::toString).toList()));
        Path pidFile = process.announce(stem, err);
        out.println("logging to " + logFile + (pidFile == null ? "" : ", pid file " + pidFile));
        return -1;
    }

    /**
     * The store recovers on the node's loop after {@code start} returns, and the broker listens only
     * once it has; the boot line and the pid file (which scripts and supervisors read as "serving")
     * wait for that. A store that cannot start exits the process from the node (see withExit above).
     */
    private static void awaitServing(RealNode node, Broker broker) {
        while (!node.onLoop(broker::isServing, SERVING_POLL_TIMEOUT_MS)) {
            if (!node.isRunning()) {
                throw new IllegalStateException("the broker stopped before it served");
            }
            try {
                Thread.sleep(SERVING_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the message store recovered", e);
            }
        }
    }

    private static final long SERVING_POLL_MS = 20;
    private static final long SERVING_POLL_TIMEOUT_MS = 600_000;

    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (namesrvAddr != null) {
            overrides.put("namesrvAddr", namesrvAddr);
        } else if (System.getenv("NAMESRV_ADDR") != null && !fileSetsNamesrv()) {
            overrides.put("namesrvAddr", System.getenv("NAMESRV_ADDR"));
        }
        return overrides;
    }

    private boolean fileSetsNamesrv() {
        if (configFile == null) {
            return false;
        }
        try {
            return PropertiesText.parse(Files.readString(Path.of(configFile),
                    StandardCharsets.ISO_8859_1)).containsKey("namesrvAddr");
        } catch (IOException | ConfigException e) {
            return false;
        }
    }

    private static long totalMemoryBytes() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    public static void main(String[] args) {
        run(args, Sabotage.none());
    }

    /**
     * Tests only: {@code bin/mqbroker} with test-only {@link Sabotage} switches, for a test's own main
     * class (cluster-runner's sabotaged real-node campaigns), announced on stderr. Production starts through {@link #main}, which has none.
     */
    public static void runWithSabotage(String[] args, Set<Sabotage> switches) {
        if (switches.isEmpty()) {
            throw new IllegalArgumentException("no sabotage switch given: start bin/mqbroker instead");
        }
        System.err.println("mqbroker: SABOTAGED FOR A TEST: " + switches + "; never run this in production");
        run(args, switches);
    }

    private static void run(String[] args, Set<Sabotage> switches) {
        int code = new CommandLine(new BrokerMain(System.out, System.err, Machine.logDir(), switches)).execute(args);
        if (code >= 0) {
            System.exit(code);
        }
    }
}
