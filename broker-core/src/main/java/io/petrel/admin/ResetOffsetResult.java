package io.petrel.admin;

import io.petrel.common.MessageQueue;
import java.util.List;
import java.util.Map;

/**
 * What resetOffsetByTime did. With consumers online the brokers told them the new offsets
 * ({@code online}); otherwise the offsets were written on the brokers directly ({@code offline}).
 * Exactly one of the two is non-null.
 */
public record ResetOffsetResult(String topic, String group, long timestamp, boolean force,
        Map<MessageQueue, Long> online, List<RollbackStats> offline) {
}
