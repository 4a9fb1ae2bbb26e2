package io.petrel.real.main;

import io.petrel.real.admin.BlockingAdmin;
import io.petrel.real.mqadmin.MqAdmin;
import io.petrel.real.mqadmin.MqAdminContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * {@code bin/mqadmin}: reads the environment once (NAMESRV_ADDR, time zone, working and temp
 * directories), keeps logs off stdout (WARN and above go to {@code <logDir>/mqadmin.log}), runs
 * one command and exits with its code.
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
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        return new MqAdminContext(out, err, System.getenv("NAMESRV_ADDR"), ZoneId.systemDefault(),
                Path.of("").toAbsolutePath(), tmp.resolve("rocketmq").resolve("msgbodys"), System::currentTimeMillis,
                namesrvs -> BlockingAdmin.start(namesrvs, REQUEST_TIMEOUT_MS, OPERATION_WAIT_MS, tmp));
    }

    public static void main(String[] args) {
        Logging.quietlyToFile("mqadmin");
        int code = MqAdmin.execute(args, context(System.out, System.err));
        System.out.flush();
        System.exit(code);
    }
}
