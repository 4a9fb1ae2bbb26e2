package io.petrel.common;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code config/delayOffset.json} and GET_ALL_DELAY_OFFSET's body: delay level → the next
 * SCHEDULE_TOPIC_XXXX queue offset to deliver. fastjson writes the levels as unquoted numbers;
 * Petrel writes quoted keys (standard JSON) and reads both.
 */
public record DelayOffsetSerializeWrapper(Map<Integer, Long> offsetTable) {

    public DelayOffsetSerializeWrapper {
        offsetTable = offsetTable == null ? new TreeMap<>() : new TreeMap<>(offsetTable);
    }
}
