package io.petrel.real.mqadmin;

import io.petrel.env.Address;
import io.petrel.real.admin.BlockingAdmin;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Everything mqadmin's commands take from their surroundings, read once by the main and passed
 * in, so commands never touch the environment and tests can run them in-process: the output
 * streams, the NameServer list from NAMESRV_ADDR (used when -n is absent), the time zone for
 * printed times, the directories RocketMQ's commands write files to (consumerStatus's running
 * info, queryMsgById's message body), the wall clock, and how to open an admin session.
 */
public record MqAdminContext(PrintStream out, PrintStream err, String defaultNamesrvAddr, ZoneId zone, Path workDir,
        Path bodyDir, LongSupplier wallClockMs, Function<List<Address>, BlockingAdmin> sessions) {
}
