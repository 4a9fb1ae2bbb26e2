package io.petrel.store;

/**
 * How {@link MessageStore#start} ended: ready to serve, or failed with the reason an operator must
 * act on; whether the last stop was clean (no abort file); what recovery found.
 */
public record StoreStartResult(boolean ok, String problem, boolean lastExitClean, long commitLogEnd,
        long damagedRecords, long truncatedBytes) {

    static StoreStartResult failed(String problem) {
        return new StoreStartResult(false, problem, false, 0, 0, 0);
    }
}
