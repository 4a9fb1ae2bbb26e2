package io.petrel.broker.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.DurableFile;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TextArbitraries;
import io.petrel.store.testing.MemoryEnv;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple4;

/**
 * subscriptionGroup.json: every group the request paths can create is read back by the next start
 * with every field: groups from UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (any non-blank name, retry
 * queues 0..1024, retries ≥ 0, any broker ids and flags) and groups auto-created on first use,
 * whose names no RocketMQ broker bounds (any characters, past Jackson's default name limit).
 */
class SubscriptionGroupFileProperties {

    private static final String PATH = "/store/config/subscriptionGroup.json";

    @Provide
    Arbitrary<List<SubscriptionGroupConfig>> adminGroups() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        Arbitrary<Tuple4<Boolean, Boolean, Boolean, Boolean>> flags = Combinators.combine(flag, flag, flag, flag)
                .as(Tuple::of);
        return Combinators.combine(TextArbitraries.anyText(70_000).filter(g -> !g.isBlank()), flags,
                Arbitraries.integers().between(0, 1024), Arbitraries.integers().greaterOrEqual(0), Arbitraries.longs(),
                Arbitraries.longs()).as((name, f, retryQueues, retries, brokerId, slowBrokerId) -> new SubscriptionGroupConfig(
                        name, f.get1(), f.get2(), f.get3(), retryQueues, retries, brokerId, slowBrokerId, f.get4()))
                .list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<String>> usedGroups() {
        return TextArbitraries.anyText(70_000).list().ofMaxSize(10);
    }

    @Property(tries = 60)
    void everyGroupIsReadBackWithEveryFieldAfterARestart(@ForAll("adminGroups") List<SubscriptionGroupConfig> created,
            @ForAll("usedGroups") List<String> used, @ForAll("usedGroups") List<String> deleted) {
        MemoryEnv memory = new MemoryEnv(1_000);
        SubscriptionGroupManager groups = new SubscriptionGroupManager(memory.env(), new DurableFile(memory.env(), PATH), true);
        groups.load();
        created.forEach(groups::createOrUpdate);
        used.forEach(groups::findOrCreate);
        deleted.forEach(groups::delete);
        memory.settle();

        SubscriptionGroupManager restarted = new SubscriptionGroupManager(memory.env(), new DurableFile(memory.env(), PATH),
                true);
        restarted.load();
        assertThat(restarted.groups()).isEqualTo(groups.groups());
        assertThat(restarted.wrapper().dataVersion()).isEqualTo(groups.wrapper().dataVersion());
    }
}
