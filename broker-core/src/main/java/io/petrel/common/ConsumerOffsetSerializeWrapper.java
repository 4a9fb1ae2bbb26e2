package io.petrel.common;

import java.util.Map;

/** consumerOffset.json's shape: {@code "topic@group"} → queue id → offset. */
public record ConsumerOffsetSerializeWrapper(Map<String, Map<Integer, Long>> offsetTable) {
}
