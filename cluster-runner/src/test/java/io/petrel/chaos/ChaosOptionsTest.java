package io.petrel.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.scenarios.fuzz.FaultType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bin/chaos --faults}: every name it lists is read, anything else is refused by name, and a re-run names them back. */
class ChaosOptionsTest {

    @Test
    void everyFaultNameIsReadAndTheRerunCommandNamesThemBack() {
        List<FaultType> all = ChaosOptions.parseFaults(
                "kill,pause,restart,partition,partition-reset,isolate,halves,disk-full,client-crash");
        assertThat(all).containsExactly(FaultType.CRASH, FaultType.PAUSE, FaultType.GRACEFUL_SHUTDOWN,
                FaultType.PARTITION_BLACKHOLE, FaultType.PARTITION_RESET, FaultType.ISOLATE_ONE, FaultType.HALVES,
                FaultType.DISK_FULL, FaultType.CLIENT_CRASH);
        assertThat(DiskFaults.TYPES).allMatch(t -> ChaosOptions.FAULTS.containsValue(t));
        assertThat(LinkFaults.TYPES).as("every network fault chaos injects has a name")
                .allMatch(t -> ChaosOptions.FAULTS.containsValue(t));
        ChaosOptions options = new ChaosOptions(1, 7, "2m-2s-sync", 60_000, ChaosOptions.parseFaults("halves, kill"), 90_000,
                Path.of("."), Path.of("."), "", 256, 1_000);
        assertThat(options.rerunCommand(7)).isEqualTo("bin/chaos --runs 1 --seed 7 --conf 2m-2s-sync --minutes 1 --faults kill,halves");
    }

    @Test
    void anUnknownOrRepeatedFaultIsRefusedByName() {
        assertThatThrownBy(() -> ChaosOptions.parseFaults("kill,partiton")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'partiton' is not a fault chaos injects").hasMessageContaining("partition-reset");
        assertThatThrownBy(() -> ChaosOptions.parseFaults("isolate,isolate")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names 'isolate' twice");
    }
}
