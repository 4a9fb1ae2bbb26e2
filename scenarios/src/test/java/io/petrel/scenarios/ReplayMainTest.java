package io.petrel.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.sim.TraceHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int replay(String... args) {
        return ReplayMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void printsTheEventLogThenTheTraceHashLast() {
        assertThat(replay("7")).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[lines.length - 1]).matches("trace-hash: [0-9a-f]{16}");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("toy server on").contains("verdict: ok");
    }

    @Test
    void filtersTheLogByNode() {
        assertThat(replay("7", "--node", "writer-1", "--events")).isZero();
        List<String> logLines = out.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.matches("^\\s*\\d+\\.\\d{6} .*")).toList();
        assertThat(logLines).isNotEmpty();
        assertThat(logLines).allSatisfy(line -> assertThat(line.trim().split("\\s+")[1]).isEqualTo("writer-1"));
    }

    @Test
    void checkpointsListOneHashPerThousandEventsBeforeTheTraceHash() {
        assertThat(replay("7", "--quiet", "--checkpoints")).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        long events = Long.parseLong(lines.stream().filter(l -> l.startsWith("events: ")).findFirst().orElseThrow()
                .replaceAll("events: (\\d+),.*", "$1"));
        List<String> marks = lines.stream().filter(l -> l.matches("  events \\d+-\\d+: [0-9a-f]{16}")).toList();
        assertThat(marks).hasSize((int) (events / TraceHash.CHECKPOINT_EVERY));
        assertThat(marks.get(0)).startsWith("  events 1-1000: ");
        assertThat(lines.get(lines.size() - 1)).matches("trace-hash: [0-9a-f]{16}");
        out.reset();
        replay("7", "--quiet", "--checkpoints");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("  events ")).toList())
                .as("the same seed gives the same checkpoints").isEqualTo(marks);
    }

    @Test
    void hexAndDecimalSeedsAreTheSameSeed() {
        replay("42", "--quiet");
        String decimal = out.toString(StandardCharsets.UTF_8);
        out.reset();
        replay("0x2a", "--quiet");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(decimal);
    }

    @Test
    void aSeedThatDoesNotParseIsAClearErrorWithExitTwo() {
        assertThat(replay("banana")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'banana' is not a seed");
    }

    @Test
    void anUnknownOptionIsAClearErrorWithExitTwo() {
        assertThat(replay("1", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--frobnicate");
    }

    @Test
    void replaysTheStoreScenarioWithItsLogVerdictAndTraceHashLast() {
        assertThat(replay("--scenario", "store", "3")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertThat(lines[lines.length - 1]).matches("trace-hash: [0-9a-f]{16}");
        assertThat(text).contains("scenario: message store crash, seed 3").contains("message store serving")
                .contains("verdict: ok");
        out.reset();
        replay("--scenario", "STORE", "3", "--quiet");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo(lines[lines.length - 1]);
    }

    @Test
    void anUnknownScenarioIsAClearErrorWithExitTwo() {
        assertThat(replay("--scenario", "ferry", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ferry").contains("[toy, store, clients, fuzz]");
    }

    /** Replay finds every kind of scenario through the service file: one name each, and a fuzz seed names its own. */
    @Test
    void everyScenarioKindIsFoundByName() {
        assertThat(Scenario.all()).extracting(Scenario::name).containsExactly("toy", "store", "clients", "fuzz");
        assertThat(Scenario.all()).filteredOn(k -> k.recognises("fuzz2-7")).extracting(Scenario::name).containsExactly("fuzz");
        assertThat(replay("--scenario", "clients", "2", "--quiet")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("scenario: clients under churn, seed 2")
                .containsPattern("trace-hash: [0-9a-f]{16}\\s*$");
    }
}
