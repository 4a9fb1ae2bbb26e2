package io.petrel.scenarios.frames;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which changes the frame fuzzer charges to a refused request, and which it excuses. */
class NodeStateTest {

    private static NodeState broker(String commitLogEnd, String scheduled, boolean deliveryInFlight) {
        return new NodeState(Map.of("Kept", "t"), Map.of(), List.of("{}", commitLogEnd, "k=v"), scheduled, deliveryInFlight);
    }

    @Test
    void aCommitLogThatGrewWithNoDelayedDeliveryIsCharged() {
        assertThat(broker("200", "s", false).differenceFrom(broker("100", "s", false), true))
                .isEqualTo("commit-log end changed: 100 -> 200");
    }

    /** Seed 2306, frame 90081: a retry message's re-put, appended before its level's offset moved. */
    @Test
    void aCommitLogThatGrewWhileADelayedDeliveryWasInFlightIsExcused() {
        assertThat(broker("200", "s", false).differenceFrom(broker("100", "s", true), true)).isNull();
        assertThat(broker("200", "s", true).differenceFrom(broker("100", "s", false), true)).isNull();
        assertThat(broker("200", "s2", false).differenceFrom(broker("100", "s", false), true)).isNull();
    }

    @Test
    void aDeliveryInFlightExcusesNoOtherChange() {
        NodeState before = broker("100", "s", true);
        NodeState after = new NodeState(Map.of("Kept", "t"), Map.of(), List.of("{}", "100", "k=w"), "s", true);
        assertThat(after.differenceFrom(before, true)).startsWith("configuration changed");
    }

    @Test
    void theClusterBrokersOwnRegistrationExcusesRoutesAndTopicsButNotKvConfig() {
        NodeState before = new NodeState(Map.of(), Map.of(), List.of("a", "t", "kv"), "7", false);
        assertThat(new NodeState(Map.of(), Map.of(), List.of("b", "u", "kv"), "8", false).differenceFrom(before, false))
                .isNull();
        assertThat(new NodeState(Map.of(), Map.of(), List.of("b", "t", "kv"), "7", false).differenceFrom(before, false))
                .startsWith("cluster info changed");
        assertThat(new NodeState(Map.of(), Map.of(), List.of("a", "t", "kv2"), "8", false).differenceFrom(before, false))
                .startsWith("KV config changed");
    }
}
