package io.petrel.real;

import io.petrel.env.LogFormat;
import io.petrel.env.NodeLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A NodeLog that keeps its lines (level, text, trailing throwable) for assertions. */
public final class RecordingLog implements NodeLog {

    /** One logged line. */
    public record Line(String level, String text, Throwable thrown) {
    }

    public final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public void debug(String message, Object... args) {
        add("DEBUG", message, args);
    }

    @Override
    public void info(String message, Object... args) {
        add("INFO", message, args);
    }

    @Override
    public void warn(String message, Object... args) {
        add("WARN", message, args);
    }

    @Override
    public void error(String message, Object... args) {
        add("ERROR", message, args);
    }

    private void add(String level, String message, Object... args) {
        lines.add(new Line(level, LogFormat.format(message, args), LogFormat.trailingThrowable(message, args)));
    }
}
