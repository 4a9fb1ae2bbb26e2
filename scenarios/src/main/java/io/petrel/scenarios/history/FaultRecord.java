package io.petrel.scenarios.history;

import java.util.List;

/**
 * A fault that happened: its kind (e.g. {@code power-loss}), the nodes it hit, when it began and
 * when it was healed (-1 while active). The checker reads power losses, media faults and clock
 * faults per broker to decide what the durability promises allow.
 */
public record FaultRecord(String kind, List<String> nodes, long startMs, long endMs) {

    public boolean hits(String node) {
        return nodes.contains(node);
    }
}
