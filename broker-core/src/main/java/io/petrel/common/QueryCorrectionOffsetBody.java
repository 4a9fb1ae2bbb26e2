package io.petrel.common;

import java.util.Map;
import java.util.TreeMap;

/**
 * QUERY_CORRECTION_OFFSET's body: per queue id, the lowest offset any group (but the filtered ones)
 * committed that the queue still holds, or {@code Long.MAX_VALUE} where the compare group is behind it.
 */
public record QueryCorrectionOffsetBody(Map<Integer, Long> correctionOffsets) {

    public QueryCorrectionOffsetBody {
        correctionOffsets = correctionOffsets == null ? new TreeMap<>() : new TreeMap<>(correctionOffsets);
    }
}
