package io.petrel.real;

import io.petrel.env.LogFormat;
import io.petrel.env.NodeLog;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link NodeLog}: one slf4j logger per node, named {@code petrel.node.<node>}, so
 * an operator can raise or lower one node's level and every line says which node wrote it.
 *
 * <p>Messages are filled with {@link LogFormat}, the same code the simulator uses, so a line reads
 * identically in both runtimes; a trailing {@link Throwable} is logged with its stack trace. Safe
 * from any thread (slf4j loggers are), though nodes only log from their loop. Holds no resources.
 */
public final class Slf4jNodeLog implements NodeLog {

    private final Logger logger;

    public Slf4jNodeLog(String nodeName) {
        this.logger = LoggerFactory.getLogger(loggerName(Objects.requireNonNull(nodeName, "nodeName")));
    }

    /** The logger name used for a node. */
    public static String loggerName(String nodeName) {
        return "petrel.node." + nodeName;
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
    }

    @Override
    public void debug(String message, Object... args) {
        if (logger.isDebugEnabled()) {
            logger.debug(LogFormat.format(message, args), LogFormat.trailingThrowable(message, args));
        }
    }

    @Override
    public void info(String message, Object... args) {
        if (logger.isInfoEnabled()) {
            logger.info(LogFormat.format(message, args), LogFormat.trailingThrowable(message, args));
        }
    }

    @Override
    public void warn(String message, Object... args) {
        if (logger.isWarnEnabled()) {
            logger.warn(LogFormat.format(message, args), LogFormat.trailingThrowable(message, args));
        }
    }

    @Override
    public void error(String message, Object... args) {
        if (logger.isErrorEnabled()) {
            logger.error(LogFormat.format(message, args), LogFormat.trailingThrowable(message, args));
        }
    }
}
