package io.petrel.common;

import io.petrel.env.LogFormat;

/**
 * Always-on invariant checks for core logic. A failed check means a bug in Petrel, never bad input
 * from outside (that gets a typed error or a status instead): it throws {@link InvariantViolation},
 * which stops the node; in simulation it fails the run with its seed.
 *
 * <p>Messages use {@code {}} placeholders and are only formatted when the check fails, so a check on
 * a hot path costs one branch.
 */
public final class Check {

    private Check() {
    }

    /** A broken invariant: the component that threw cannot be trusted any more. */
    public static final class InvariantViolation extends IllegalStateException {

        public InvariantViolation(String message) {
            super(message);
        }
    }

    /** Checks a state the code relies on. */
    public static void state(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new InvariantViolation(LogFormat.format(message, args));
        }
    }

    /** Checks an argument passed between core components (not remote input). */
    public static void argument(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new InvariantViolation("bad argument: " + LogFormat.format(message, args));
        }
    }

    /**
     * Rethrows {@code caught} when it is a broken invariant. For catch blocks that must absorb
     * failures of code they do not own (a user's listener, a decoder of remote bytes) without also
     * absorbing Petrel's own bugs.
     */
    public static void rethrowIfBug(RuntimeException caught) {
        if (caught instanceof InvariantViolation violation) {
            throw violation;
        }
    }
}
