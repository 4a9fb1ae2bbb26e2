package io.petrel.store.testing;

import io.petrel.env.LogFormat;
import io.petrel.env.NodeLog;
import java.util.ArrayList;
import java.util.List;

/** A {@link NodeLog} that keeps its lines so tests can assert on what was reported. */
public final class RecordingLog implements NodeLog {

    public final List<String> lines = new ArrayList<>();

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public void debug(String message, Object... args) {
    }

    @Override
    public void info(String message, Object... args) {
        lines.add("INFO " + LogFormat.format(message, args));
    }

    @Override
    public void warn(String message, Object... args) {
        lines.add("WARN " + LogFormat.format(message, args));
    }

    @Override
    public void error(String message, Object... args) {
        lines.add("ERROR " + LogFormat.format(message, args));
    }
}
