package io.petrel.common;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** GET_ALL_PRODUCER_INFO's body: every producer group with live members, and those members. */
public record ProducerTableInfo(Map<String, List<ProducerInfo>> data) {

    public ProducerTableInfo {
        data = data == null ? new TreeMap<>() : new TreeMap<>(data);
    }
}
