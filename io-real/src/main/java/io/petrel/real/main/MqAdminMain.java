package io.petrel.real.main;

import io.petrel.acl.AclConfigException;
import io.petrel.acl.AclCredentials;
import io.petrel.acl.ToolsFile;
import io.petrel.real.admin.BlockingAdmin;
import io.petrel.real.mqadmin.MqAdmin;
import io.petrel.real.mqadmin.MqAdminContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * {@code bin/mqadmin}: reads the environment once (NAMESRV_ADDR, time zone, working and temp
 * directories, the account in conf/tools.yml it signs with), keeps logs off stdout (WARN and above
 * go to {@code <logDir>/mqadmin.log}), runs one command and exits with its code.
 */
public final class MqAdminMain {

    /** Each request's timeout, as RocketMQ's admin tools use. */
    private static final long REQUEST_TIMEOUT_MS = 5_000;
    /** How long one command's operation may take in all; requests time out well before. */
    private static final long OPERATION_WAIT_MS = 120_000;

    private MqAdminMain() {
    }

    /**
     * The context bin/mqadmin runs its commands in, printing to {@code out} and {@code err}; other
     * tools (bin/quickstart) use it to run mqadmin commands in their own process.
     */
    public static MqAdminContext context(PrintStream out, PrintStream err) {
        return context(out, err, System.getenv("NAMESRV_ADDR"), Path.of("").toAbsolutePath(),
                System.getProperty("petrel.home"));
    }

    /**
     * The same context with the environment given instead of read: {@code namesrvAddr} as NAMESRV_ADDR
     * (null: unset), {@code workDir} as the working directory, {@code home} as -Dpetrel.home (null: none).
     * Tests run commands in their own JVM through it.
     */
    public static MqAdminContext context(PrintStream out, PrintStream err, String namesrvAddr, Path workDir, String home) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        AclCredentials credentials = toolsCredentials(home, err);
        return new MqAdminContext(out, err, namesrvAddr, ZoneId.systemDefault(), workDir,
                tmp.resolve("rocketmq").resolve("msgbodys"), System::currentTimeMillis,
                namesrvs -> BlockingAdmin.start(namesrvs, REQUEST_TIMEOUT_MS, OPERATION_WAIT_MS, tmp, credentials));
    }

    /**
     * The account in {@code <home>/conf/tools.yml} that signs every request (RocketMQ 4.9's mqadmin
     * does the same), or null: no installation, no file, or no keys in it. A file that cannot be
     * read is named on {@code err} and requests go unsigned, as RocketMQ's do.
     */
    static AclCredentials toolsCredentials(String home, PrintStream err) {
        if (home == null) {
            return null;
        }
        Path file = Path.of(home, "conf", "tools.yml");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ToolsFile.parse(Files.readAllBytes(file));
        } catch (IOException | AclConfigException e) {
            err.println("mqadmin: WARN: " + file + " ignored (" + e.getMessage() + "); requests are sent unsigned");
            return null;
        }
    }

    public static void main(String[] args) {
        Logging.quietlyToFile("mqadmin");
        int code = MqAdmin.execute(args, context(System.out, System.err));
        System.out.flush();
        System.exit(code);
    }
}
