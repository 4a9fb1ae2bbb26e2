package io.petrel.admin;

/**
 * The outcome of one step of a multi-step operation: a value, or the error that step ended with.
 * Operations that touch several brokers report one per broker instead of stopping at the first
 * failure, as mqadmin prints a line per broker.
 */
public record Settled<T>(T value, AdminException error) {

    public static <T> Settled<T> ok(T value) {
        return new Settled<>(value, null);
    }

    public static <T> Settled<T> failed(AdminException error) {
        return new Settled<>(null, error);
    }

    public boolean isOk() {
        return error == null;
    }

    /** The value, or the error thrown. */
    public T orThrow() {
        if (error != null) {
            throw error;
        }
        return value;
    }
}
