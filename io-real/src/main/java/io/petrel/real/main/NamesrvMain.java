package io.petrel.real.main;

import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigValues;
import io.petrel.namesrv.NameServer;
import io.petrel.namesrv.NamesrvConfig;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.metrics.NodeEndpoints;
import io.petrel.real.metrics.PrometheusEndpoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/mqnamesrv}: starts a NameServer from a RocketMQ-style properties file. */
@Command(name = "mqnamesrv", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start a Petrel NameServer.")
public final class NamesrvMain implements Callable<Integer> {

    @Option(names = {"-c", "--configFile"}, paramLabel = "FILE", description = "NameServer config properties file")
    String configFile;

    @Option(names = {"-p", "--printConfigItem"}, description = "Print all config items and exit")
    boolean printAll;

    @Option(names = {"-m", "--printImportantConfig"}, description = "Print important config items and exit")
    boolean printImportant;

    private final PrintStream out;
    private final PrintStream err;
    private final String logDir;

    /** {@code logDir}: where the server log goes (the scripts pass {@code -Dpetrel.logDir}). */
    NamesrvMain(PrintStream out, PrintStream err, String logDir) {
        this.out = out;
        this.err = err;
        this.logDir = logDir;
    }

    @Override
    public Integer call() {
        ConfigContext context = Machine.context();
        StartupNotes notes = new StartupNotes(err);
        Map<String, String> properties = Map.of();
        ConfigValues values;
        try {
            properties = ConfigFiles.read(configFile, Map.of(), context);
            values = ConfigFiles.bind(NamesrvConfig.REGISTRY, properties, configFile, context, notes);
        } catch (ConfigFiles.StartupError e) {
            err.println("mqnamesrv: " + e.getMessage());
            if (!printAll && !printImportant) {
                // The log the NameServer would have written tells an operator who discarded stderr why it did not start.
                String port = properties.getOrDefault(NamesrvConfig.LISTEN_PORT.name(),
                        NamesrvConfig.LISTEN_PORT.format(NamesrvConfig.LISTEN_PORT.defaultValue(context)));
                notes.refuse(logDir, PidFile.stem("mqnamesrv", port.trim()), "mqnamesrv refused to start: " + e.getMessage());
            }
            return 1;
        }
        if (printAll || printImportant) {
            ConfigFiles.render(values, printImportant && !printAll).forEach(out::println);
            return 0;
        }
        NamesrvConfig config = NamesrvConfig.from(values);
        String stem = PidFile.stem("mqnamesrv", String.valueOf(config.listenPort()));
        String logFile = Logging.serverLog(logDir, stem);
        notes.toServerLog();
        ServerProcess process = ServerProcess.create();
        RealRuntime runtime = process.runtime();
        try {
            Path root = Path.of(config.kvConfigPath()).toAbsolutePath().getParent();
            root.toFile().mkdirs();
            AtomicReference<NameServer> namesrv = new AtomicReference<>();
            RealNode node = runtime.start(RealNodeSpec.withOsSeed("namesrv", root), env -> {
                namesrv.set(new NameServer(env, config));
                return namesrv.get();
            });
            PrometheusEndpoint endpoint = NodeEndpoints.forNamesrv(node, namesrv.get(), config);
            if (endpoint != null) {
                process.closeFirst(endpoint);
                out.println("serving Prometheus metrics on port " + endpoint.port() + " (/metrics)");
            }
        } catch (RuntimeException e) {
            err.println("mqnamesrv: cannot start: " + rootMessage(e));
            runtime.close();
            return 1;
        }
        Path pidFile = process.announce(stem, err);
        out.println("The Name Server boot success. serializeType=JSON");
        out.println("listening on " + config.bindAddress() + ":" + config.listenPort() + ", logging to " + logFile
                + (pidFile == null ? "" : ", pid file " + pidFile));
        return -1;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    public static void main(String[] args) {
        int code = new CommandLine(new NamesrvMain(System.out, System.err, Machine.logDir())).execute(args);
        if (code >= 0) {
            System.exit(code);
        }
        // A running NameServer: its loop thread keeps the JVM alive until the shutdown hook runs.
    }
}
