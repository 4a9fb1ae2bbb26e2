package io.petrel.scenarios.frames;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one frame-fuzz run did and found: frames sent by mutation, how they were answered (a
 * response, a refusal, the connection closed, no answer), the restarts at the end, and every
 * violation of the properties (empty when the run is clean). For a client, {@code ackedMessages}
 * counts the messages its never-named group had to consume (all were delivered unless a violation says
 * otherwise).
 */
public record FrameFuzzResult(FrameTarget target, long seed, long frames, long answered, long refused, long closed,
        Map<Mutation, Long> byMutation, int codes, int ackedMessages, int restarts, List<String> violations,
        double wallSeconds, long simulatedMs) {

    public boolean ok() {
        return violations.isEmpty();
    }

    public String summary() {
        return String.format(Locale.ROOT, "%s seed %d: %d frames (%d codes) in %.1f s wall (%.0f frames/s), %.0f s simulated;"
                + " %d answered, %d refused, %d connections closed by the node; %d %s after %d"
                + " restarts; %d violations", target.name().toLowerCase(Locale.ROOT), seed, frames, codes, wallSeconds,
                frames / Math.max(1e-9, wallSeconds), simulatedMs / 1e3, answered, refused, closed, ackedMessages,
                keptWhat(target), restarts, violations.size());
    }

    /** What {@code ackedMessages} counts: messages read back intact, or (a client) delivered to its kept group. */
    static String keptWhat(FrameTarget target) {
        return target == FrameTarget.CLIENT ? "messages of ClientKept delivered" : "acknowledged messages intact";
    }
}
