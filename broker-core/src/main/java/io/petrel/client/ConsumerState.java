package io.petrel.client;

import io.petrel.common.Check;

/**
 * A consumer's lifecycle, in RocketMQ's ServiceState words. Allowed transitions:
 * <pre>
 *   CREATE_JUST ──start──▶ RUNNING ──shutdown──▶ SHUTDOWN_ALREADY
 *        └─────────────────shutdown──────────────────▲
 * </pre>
 * A start that throws leaves CREATE_JUST (the consumer may be fixed and started again); a shutdown
 * is for good, and a start after it is refused naming the state. Any other move is a bug in the
 * consumer, not a user error, and fails a {@link Check}.
 */
final class ConsumerState {

    enum Value { CREATE_JUST, RUNNING, SHUTDOWN_ALREADY }

    private Value value = Value.CREATE_JUST;

    Value value() {
        return value;
    }

    /** Started and not shut down. */
    boolean isRunning() {
        return value == Value.RUNNING;
    }

    boolean isShutDown() {
        return value == Value.SHUTDOWN_ALREADY;
    }

    void moveTo(Value next) {
        Check.state(allowed(value, next), "a consumer cannot go from {} to {}", value, next);
        value = next;
    }

    private static boolean allowed(Value from, Value to) {
        return switch (from) {
            case CREATE_JUST -> to == Value.RUNNING || to == Value.SHUTDOWN_ALREADY;
            case RUNNING -> to == Value.SHUTDOWN_ALREADY;
            case SHUTDOWN_ALREADY -> false;
        };
    }
}
