package io.petrel.store;

/**
 * What the store asks replication when it decides a SYNC_MASTER put's answer. Implemented by the
 * master side of replication (package {@code ha}); the store never learns who the slaves are.
 */
public interface ReplicaAcks {

    /**
     * Whether a slave could acknowledge a put ending at {@code endOffset} soon: one is connected,
     * has reported, and is less than {@code haSlaveFallbehindMax} behind. When not, the put is
     * answered SLAVE_NOT_AVAILABLE at once (stored, not replicated), as RocketMQ does.
     */
    boolean isSlaveAvailable(long endOffset);

    /**
     * Whether a connected slave has acknowledged every byte of {@code [wroteOffset, endOffset)}
     * after receiving it from this master on its current connection.
     */
    boolean isAcknowledged(long wroteOffset, long endOffset);

    /**
     * The furthest commit-log end a streaming slave reported holding (its copy of this master's log
     * up to there), or 0 when none streams.
     */
    long replicatedEnd();
}
