package io.petrel.sim;

import io.petrel.env.LogFormat;
import io.petrel.env.NodeLog;

/** A node's log lines, stamped with virtual time, into the run's {@link EventLog}. */
final class SimNodeLog implements NodeLog {

    private final Simulator sim;
    private final String node;

    SimNodeLog(Simulator sim, String node) {
        this.sim = sim;
        this.node = node;
    }

    @Override
    public boolean isDebugEnabled() {
        return sim.log().isDebug();
    }

    @Override
    public void debug(String message, Object... args) {
        if (sim.log().isDebug()) {
            write("DEBUG", message, args);
        }
    }

    @Override
    public void info(String message, Object... args) {
        write("INFO", message, args);
    }

    @Override
    public void warn(String message, Object... args) {
        write("WARN", message, args);
    }

    @Override
    public void error(String message, Object... args) {
        write("ERROR", message, args);
    }

    @Override
    public void probe(String point) {
        sim.coverage().hit(point);
    }

    private void write(String level, String message, Object... args) {
        String text = LogFormat.format(message, args);
        Throwable t = LogFormat.trailingThrowable(message, args);
        if (t != null) {
            text = text + " : " + t;
        }
        sim.log().line(sim.nowNanos(), node, level, text);
    }
}
