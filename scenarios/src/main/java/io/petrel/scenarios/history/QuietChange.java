package io.petrel.scenarios.history;

/**
 * A member joining or leaving a clustering group gracefully while nothing else was wrong (no
 * fault for a while, every broker up): how long the group took to own each queue exactly once
 * again, or -1 when it had not by the time the observation ended.
 */
public record QuietChange(String group, String member, String change, long atMs, long settledAfterMs) {
}
