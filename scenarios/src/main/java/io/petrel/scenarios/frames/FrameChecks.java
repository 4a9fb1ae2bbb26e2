package io.petrel.scenarios.frames;

import io.petrel.remoting.RemotingCommand;
import io.petrel.sim.SimulationFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks every frame-fuzz target shares: what a refusal must show (a remark, never an exception's
 * text, naming the field that was missing or did not parse), that the fuzzed node logs nothing at
 * ERROR, and the run's violations (the first {@value FrameFuzzRun#MAX_VIOLATIONS}). Driven from the
 * fuzz run's thread, between simulator steps and from the simulator's log watcher.
 */
final class FrameChecks {

    static final Pattern EXCEPTION_TEXT = Pattern.compile(
            "(^|\\W)(java|javax|io\\.petrel|com\\.fasterxml)\\.[\\w.$]*(Exception|Error)\\b");

    private final String nodeName;
    private final List<String> violations = new ArrayList<>();
    private final List<String> errorLines = new ArrayList<>();
    private long refused;

    FrameChecks(String nodeName) {
        this.nodeName = nodeName;
    }

    /** The simulator's log watcher: keeps the fuzzed node's ERROR lines. */
    void onLogLine(String node, String level, String text) {
        if (node.equals(nodeName) && level.equals("ERROR") && errorLines.size() < FrameFuzzRun.MAX_VIOLATIONS) {
            errorLines.add(text);
        }
    }

    void add(String violation) {
        if (!full()) {
            violations.add(violation);
        }
    }

    boolean full() {
        return violations.size() >= FrameFuzzRun.MAX_VIOLATIONS;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long refused() {
        return refused;
    }

    void clearErrorLines() {
        errorLines.clear();
    }

    /** A bug thrown out of the node, with the frames of Petrel's code it came from. */
    void onBug(SimulationFailure e) {
        violations.add("Petrel's own bug (the node threw): " + e.getMessage().lines().findFirst().orElse("")
                + where(e.getCause()));
    }

    /** The frames of Petrel's code where a bug was thrown, for the report. */
    static String where(Throwable bug) {
        if (bug == null) {
            return "";
        }
        StringBuilder at = new StringBuilder();
        Arrays.stream(bug.getStackTrace()).filter(f -> f.getClassName().startsWith("io.petrel")).limit(4)
                .forEach(f -> at.append(" at ").append(f.getClassName()).append('.').append(f.getMethodName())
                        .append(':').append(f.getLineNumber()));
        return at.toString();
    }

    /**
     * Checks an answer that is not {@code normalCode}: counts it as a refusal and adds a violation when
     * its remark is missing, holds an exception's text, or does not name the frame's broken field.
     * Returns whether it was a refusal; a normal answer to a frame with a broken field is a violation.
     */
    boolean isRefusal(String where, FuzzFrame frame, RemotingCommand response, int normalCode) {
        if (response.code() == normalCode) {
            if (frame.fieldToName() != null) {
                add(where + ": accepted although '" + frame.fieldToName() + "' is missing or malformed");
            }
            return false;
        }
        refused++;
        String remark = response.remark();
        if (remark == null || remark.isBlank()) {
            add(where + ": refused with " + response.code() + " and no remark");
        } else if (EXCEPTION_TEXT.matcher(remark).find()) {
            add(where + ": refused with an exception's text: " + remark);
        } else if (frame.fieldToName() != null && !remark.contains(frame.fieldToName())) {
            add(where + ": the remark does not name '" + frame.fieldToName() + "': " + remark);
        }
        return true;
    }

    /** Adds a violation for the first ERROR line the node logged since the last check. */
    void checkQuiet(String where) {
        if (!errorLines.isEmpty()) {
            add(where + ": the node logged at ERROR: " + errorLines.get(0));
            errorLines.clear();
        }
    }
}
