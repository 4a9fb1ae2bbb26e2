package io.petrel.real.main;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server main has to tell the operator before its node runs: unknown keys, keys set without
 * effect, configurations Petrel only half supports (a slave, a SYNC_MASTER), and a refusal to
 * start. The runbook starts servers with {@code nohup ... &>/dev/null &}, which discards stderr, so
 * every warning goes both to stderr (at once, prefixed {@code WARN: }) and to the server's own log
 * file, where it is the first lines of the run.
 *
 * <p>The log file is known only once the configuration names the server, and slf4j-simple
 * truncates it when it opens it, so the warnings are kept here until {@link #toServerLog} (called
 * right after {@link Logging#serverLog}, before the node starts). A start that is refused before
 * that writes its warnings and the refusal to the log file itself ({@link #refuse}) and never
 * starts slf4j.
 */
final class StartupNotes {

    /** The logger whose lines open a server's log. */
    static final String LOGGER = "petrel.startup";

    private final PrintStream err;
    private final List<String> warnings = new ArrayList<>();

    StartupNotes(PrintStream err) {
        this.err = err;
    }

    void warn(String text) {
        warnings.add(text);
        err.println("WARN: " + text);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Writes every warning to the server log at WARN; call it after {@link Logging#serverLog}. */
    void toServerLog() {
        Logger log = LoggerFactory.getLogger(LOGGER);
        warnings.forEach(log::warn);
    }

    /**
     * A start-up refused before logging began: the server's log (the previous one kept as
     * {@code .log.1}) gets the warnings and then {@code problem}, each line stamped as slf4j stamps
     * them. A log that cannot be written is reported on stderr; the refusal stands either way.
     */
    void refuse(String logDir, String stem, String problem) {
        File file = Logging.rotate(logDir, stem);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern(Logging.DATE_TIME_FORMAT, Locale.ROOT));
        StringBuilder text = new StringBuilder();
        for (String warning : warnings) {
            text.append(line(stamp, "WARN", warning));
        }
        text.append(line(stamp, "ERROR", problem));
        try {
            Files.writeString(file.toPath(), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("WARN: could not write the refusal to " + file + ": " + e.getMessage());
        }
    }

    private static String line(String stamp, String level, String text) {
        return stamp + " [main] " + level + " " + LOGGER + " - " + text.replace("\n", "\n    ") + "\n";
    }
}
