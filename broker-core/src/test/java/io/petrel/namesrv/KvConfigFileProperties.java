package io.petrel.namesrv;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.DurableFile;
import io.petrel.common.TextArbitraries;
import io.petrel.store.testing.MemoryEnv;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import org.junit.jupiter.api.Test;

/**
 * kvConfig.json: every put the request path accepts is read back by the next start, whatever its
 * characters and lengths; a put beyond the bounds is refused naming the field and changes nothing.
 */
class KvConfigFileProperties {

    private static final Runnable NOTHING = () -> { };

    private static final String PATH = "/home/op/namesrv/kvConfig.json";

    @Provide
    Arbitrary<List<Tuple3<String, String, String>>> puts() {
        Arbitrary<String> namespace = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("ORDER_TOPIC_CONFIG", "PROJECT_CONFIG")),
                Tuple.of(1, TextArbitraries.anyText(KvConfigManager.MAX_NAME_CHARS)));
        return Combinators.combine(namespace, TextArbitraries.anyText(KvConfigManager.MAX_NAME_CHARS),
                TextArbitraries.anyText(KvConfigManager.MAX_VALUE_CHARS)).as(Tuple::of).list().ofMaxSize(60);
    }

    @Property(tries = 60)
    void everyAcceptedPutIsReadBackAfterARestart(@ForAll("puts") List<Tuple3<String, String, String>> puts) {
        MemoryEnv memory = new MemoryEnv(1_000);
        KvConfigManager kv = new KvConfigManager(new DurableFile(memory.env(), PATH));
        kv.load();
        TreeMap<String, TreeMap<String, String>> model = new TreeMap<>();
        for (Tuple3<String, String, String> put : puts) {
            String refused = kv.put(put.get1(), put.get2(), put.get3(), NOTHING);
            if (refused == null) {
                model.computeIfAbsent(put.get1(), n -> new TreeMap<>()).put(put.get2(), put.get3());
            } else {
                assertThat(refused).as("fields within their bounds are refused only for the file's size")
                        .startsWith("the KV config would grow to ");
            }
        }
        if (!puts.isEmpty()) {
            Tuple3<String, String, String> first = puts.get(0);
            kv.delete(first.get1(), first.get2(), NOTHING);
            TreeMap<String, String> ns = model.get(first.get1());
            if (ns != null && ns.remove(first.get2()) != null && ns.isEmpty()) {
                model.remove(first.get1());
            }
        }
        assertThat(kv.wrapper()).isEqualTo(modelWrapper(model));
        memory.settle();

        KvConfigManager restarted = new KvConfigManager(new DurableFile(memory.env(), PATH));
        restarted.load();
        assertThat(restarted.wrapper()).isEqualTo(modelWrapper(model));
    }

    private static KvConfigManager.KvConfigSerializeWrapper modelWrapper(TreeMap<String, TreeMap<String, String>> model) {
        return new KvConfigManager.KvConfigSerializeWrapper(new TreeMap<>(model));
    }

    @Test
    void aPutBeyondABoundIsRefusedNamingTheFieldAndChangesNothing() {
        MemoryEnv memory = new MemoryEnv(1_000);
        KvConfigManager kv = new KvConfigManager(new DurableFile(memory.env(), PATH));
        kv.load();
        String longest = "k".repeat(KvConfigManager.MAX_NAME_CHARS);
        assertThat(kv.put("ns", longest, "v", NOTHING)).isNull();
        assertThat(kv.put("ns", longest + "k", "v", NOTHING))
                .isEqualTo("the KV config key has 16385 characters, more than the 16384 allowed");
        assertThat(kv.put(longest + "n", "k", "v", NOTHING))
                .isEqualTo("the KV config namespace has 16385 characters, more than the 16384 allowed");
        assertThat(kv.put("ns", "k", "v".repeat(KvConfigManager.MAX_VALUE_CHARS + 1), NOTHING))
                .isEqualTo("the KV config value has 1048577 characters, more than the 1048576 allowed");
        assertThat(kv.list("ns")).isEqualTo(Map.of(longest, "v"));
    }

    @Test
    void aPutThatWouldGrowTheFilePastItsBoundIsRefusedAndDeletesStillWork() {
        MemoryEnv memory = new MemoryEnv(1_000);
        KvConfigManager kv = new KvConfigManager(new DurableFile(memory.env(), PATH));
        kv.load();
        String value = "v".repeat(KvConfigManager.MAX_VALUE_CHARS);
        int accepted = 0;
        while (kv.put("ns", "k" + accepted, value, NOTHING) == null) {
            accepted++;
        }
        assertThat(accepted).as("8 MiB holds seven values of 1 Mi characters").isEqualTo(7);
        assertThat(kv.put("ns", "k" + accepted, value, NOTHING)).startsWith("the KV config would grow to ")
                .endsWith(" bytes as kvConfig.json, more than the 8388608 allowed; delete entries first");
        assertThat(kv.get("ns", "k" + accepted)).isNull();
        assertThat(kv.put("ns", "k0", "shorter", NOTHING)).as("a put that shrinks the file").isNull();
        kv.delete("ns", "k1", NOTHING);
        assertThat(kv.put("ns", "k" + accepted, value, NOTHING)).isNull();
        memory.settle();
        KvConfigManager restarted = new KvConfigManager(new DurableFile(memory.env(), PATH));
        restarted.load();
        assertThat(restarted.list("ns")).hasSize(7).containsEntry("k0", "shorter").doesNotContainKey("k1");
    }
}
