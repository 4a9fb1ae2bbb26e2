package io.petrel.broker.rebalance;

import io.petrel.common.MessageQueue;
import io.petrel.env.Clock;
import io.petrel.env.NodeLog;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which client of an orderly consumer group owns which queue (RocketMQ's
 * {@code RebalanceLockManager}): a lock is granted to a client when the queue is free, already
 * its own, or held by a lock not renewed for {@code maxLiveMs}; asking again renews it. So
 * two members of a group never own one queue at once, provided clients treat their lock as lost
 * sooner than the broker expires it (the official client renews every 20 s and gives up after
 * 30 s; the broker's default lifetime is 60 s).
 *
 * <p>Locks live in memory. After a restart the broker cannot know who held what, and a client
 * may still consume under a lock granted before the crash; so a broker that has run before
 * grants no lock until {@code maxLiveMs} after it started, as if every queue were held by an
 * unknown client at start. A broker starting for the first time has granted nothing and grants at
 * once. Times are monotonic. Single-threaded on the broker's loop.
 */
public final class RebalanceLockManager {

    /** Who holds a queue and when they last asked. */
    private record LockEntry(String clientId, long lastUpdateNanos) {
    }

    private final Clock clock;
    private final NodeLog log;
    private final long maxLiveNanos;
    private long grantsFromNanos = Long.MIN_VALUE;
    private boolean alwaysExpired;
    private final TreeMap<String, TreeMap<MessageQueue, LockEntry>> table = new TreeMap<>();

    public RebalanceLockManager(Clock clock, NodeLog log, long maxLiveMs) {
        this.clock = clock;
        this.log = log;
        this.maxLiveNanos = maxLiveMs * 1_000_000L;
    }

    /**
     * Called when the broker starts serving.
     *
     * @param ranBefore whether this broker may have granted locks before this start (then none are
     *     granted for {@code maxLiveMs})
     */
    public void onStart(boolean ranBefore) {
        grantsFromNanos = clock.nanoTime() + (ranBefore ? maxLiveNanos : 0);
    }

    /** Locks or renews what it can of {@code mqs} for {@code clientId}; returns the queues it now owns, sorted. */
    public Set<MessageQueue> tryLockBatch(String group, Collection<MessageQueue> mqs, String clientId) {
        Set<MessageQueue> owned = new TreeSet<>();
        long now = clock.nanoTime();
        if (now < grantsFromNanos) {
            log.probe("broker-lock-refused-after-restart");
            log.info("lock request of {} in group {} refused: locks held before this broker restarted may still be in use"
                    + " for {} ms", clientId, group, (grantsFromNanos - now) / 1_000_000);
            return owned;
        }
        TreeMap<MessageQueue, LockEntry> locks = table.computeIfAbsent(group, g -> new TreeMap<>());
        for (MessageQueue mq : mqs) {
            LockEntry entry = locks.get(mq);
            if (entry == null || entry.clientId().equals(clientId) || isExpired(entry, now)) {
                if (entry != null && !entry.clientId().equals(clientId)) {
                    log.probe("broker-lock-expired-taken");
                    log.info("lock of {} in group {} expired for {}; now held by {}", mq, group, entry.clientId(), clientId);
                }
                locks.put(mq, new LockEntry(clientId, now));
                owned.add(mq);
            }
        }
        if (owned.size() < mqs.size()) {
            log.probe("broker-lock-refused");
        }
        if (locks.isEmpty()) {
            table.remove(group);
        }
        return owned;
    }

    /** Releases the queues of {@code mqs} that {@code clientId} holds; others' locks stay. */
    public void unlockBatch(String group, Collection<MessageQueue> mqs, String clientId) {
        TreeMap<MessageQueue, LockEntry> locks = table.get(group);
        if (locks == null) {
            return;
        }
        for (MessageQueue mq : mqs) {
            LockEntry entry = locks.get(mq);
            if (entry != null && entry.clientId().equals(clientId)) {
                locks.remove(mq);
            }
        }
        if (locks.isEmpty()) {
            table.remove(group);
        }
    }

    /** The client holding an unexpired lock on the queue, or null. */
    public String holder(String group, MessageQueue mq) {
        TreeMap<MessageQueue, LockEntry> locks = table.get(group);
        LockEntry entry = locks == null ? null : locks.get(mq);
        return entry == null || isExpired(entry, clock.nanoTime()) ? null : entry.clientId();
    }

    /** Every unexpired lock of a group, queue → client. */
    public Map<MessageQueue, String> locksOf(String group) {
        Map<MessageQueue, String> result = new TreeMap<>();
        TreeMap<MessageQueue, LockEntry> locks = table.get(group);
        if (locks != null) {
            long now = clock.nanoTime();
            locks.forEach((mq, e) -> {
                if (!isExpired(e, now)) {
                    result.put(mq, e.clientId());
                }
            });
        }
        return result;
    }

    private boolean isExpired(LockEntry entry, long nowNanos) {
        // SABOTAGE (tests only): alwaysExpired is true only under ORDERLY_LOCKS_ALWAYS_EXPIRED.
        return alwaysExpired || nowNanos - entry.lastUpdateNanos() > maxLiveNanos;
    }

    /** Tests only: {@link io.petrel.common.Sabotage#ORDERLY_LOCKS_ALWAYS_EXPIRED}. */
    public void sabotageLocksAlwaysExpired() {
        alwaysExpired = true;
    }
}
