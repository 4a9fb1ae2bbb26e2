package io.petrel.scenarios.mutate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutation catalogue stays true to the code (every entry still applies once and compiles), and
 * the fastest mutants are killed by a few fuzz scenarios, so a weakened checker fails the build.
 * The whole campaign is {@code bin/mutate}; its results are in REPORT.md.
 */
class MutationCatalogueTest {

    private static final Path SOURCES = Path.of("../broker-core/src/main/java");

    @TempDir
    Path work;

    private MutantRunner runner(long scenarios) {
        return new MutantRunner(new MutantRunner.Settings(SOURCES, work, MutateMain.classpath(), scenarios, "9000", 2, 600,
                List.of("-Xmx1g")));
    }

    @Test
    void everyMutationAppliesOnceAndCompiles() {
        List<Mutation> all = MutationCatalogue.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        Set<String> ids = new HashSet<>();
        Set<String> areas = new HashSet<>();
        MutantRunner r = runner(1);
        for (Mutation m : all) {
            assertThat(ids.add(m.id())).as("unique id %s", m.id()).isTrue();
            areas.add(m.area());
            assertThat(r.build(m)).isDirectory();
        }
        assertThat(areas).containsExactlyInAnyOrder("store", "broker", "namesrv", "client", "ha");
    }

    @Test
    void aCatalogueEntryThatNoLongerFitsTheCodeIsRefusedByName() {
        Mutation stale = Mutation.of("stale", "store", "gone", "io/petrel/store/MessageReader.java", "no such text", "x");
        assertThatThrownBy(() -> runner(1).build(stale)).hasMessageContaining("stale").hasMessageContaining("no such text");
        Mutation twice = Mutation.of("twice", "store", "twice", "io/petrel/store/MessageReader.java", "return", "x");
        assertThatThrownBy(() -> runner(1).build(twice)).hasMessageContaining("more than once");
    }

    @Test
    void theFastestMutantsAreKilled() {
        MutantRunner r = runner(6);
        for (String id : List.of("store-batch-skips-next", "client-allocate-skips-first", "broker-send-back-dlq-early")) {
            Mutation m = MutationCatalogue.all().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            MutantRunner.Outcome o = r.run(m);
            assertThat(o.kind()).as("%s: %s", id, o.detail()).isEqualTo(MutantRunner.Kind.KILLED);
            assertThat(o.seed()).startsWith("fuzz");
        }
    }

    @Test
    void campaignLinesNameTheKillingSeed() {
        assertThat(MutantRunner.violation("[fuzz] 12/40 scenarios, 0 violations, 1.00 simulated hours")).isNull();
        var killed = MutantRunner.violation("[fuzz] fuzz2-9001 violated: dead-lettered-early x4: fuzz-clu dead-lettered a; "
                + "reproduce with bin/replay fuzz2-9001");
        assertThat(killed.seed()).isEqualTo("fuzz2-9001");
        assertThat(killed.detail()).isEqualTo("dead-lettered-early x4");
        var crashed = MutantRunner.violation("[fuzz] scenario fuzz2-7 crashed: java.lang.IllegalStateException: x; reproduce with y");
        assertThat(crashed.seed()).isEqualTo("fuzz2-7");
    }
}
