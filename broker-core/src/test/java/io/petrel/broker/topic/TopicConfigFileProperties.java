package io.petrel.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.DurableFile;
import io.petrel.common.MixAll;
import io.petrel.common.TextArbitraries;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicFilterType;
import io.petrel.common.TopicValidator;
import io.petrel.store.testing.MemoryEnv;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * topics.json: every topic the request paths can create is read back by the next start with every
 * field: admin-created topics (names TopicValidator accepts: up to 127 characters of
 * {@code [%|a-zA-Z0-9_-]}, any queue counts UPDATE_AND_CREATE_TOPIC accepts) and the retry and
 * dead-letter topics named after consumer groups, whose names no RocketMQ broker bounds (any
 * characters, longer than Jackson's default 50,000-character name limit).
 */
class TopicConfigFileProperties {

    private static final String PATH = "/store/config/topics.json";
    private static final TopicConfigManager.Settings SETTINGS = new TopicConfigManager.Settings("DefaultCluster",
            "broker-a", 8, true, true, true, true, "RMQ_SYS_TRACE_TOPIC");
    private static final String TOPIC_CHARS = "%|_-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    @Provide
    Arbitrary<List<TopicConfig>> adminTopics() {
        Arbitrary<String> shortName = Arbitraries.strings().withChars(TOPIC_CHARS).ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> longestName = Arbitraries.strings().withChars(TOPIC_CHARS).ofLength(TopicValidator.TOPIC_MAX_LENGTH);
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(4, shortName), Tuple.of(1, longestName))
                .filter(t -> TopicValidator.problem(t) == null && !TopicValidator.isSystemTopic(t)
                        && !t.equals(SETTINGS.clusterName()));
        Arbitrary<Integer> queues = Arbitraries.integers().between(1, 1024);
        return Combinators.combine(name, queues, queues, Arbitraries.integers().between(0, 7),
                Arbitraries.of(TopicFilterType.class), Arbitraries.integers(), Arbitraries.of(true, false))
                .as(TopicConfig::new).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<String>> groups() {
        return TextArbitraries.anyText(70_000).list().ofMaxSize(8);
    }

    @Property(tries = 60)
    void everyTopicIsReadBackWithEveryFieldAfterARestart(@ForAll("adminTopics") List<TopicConfig> created,
            @ForAll("groups") List<String> groups, @ForAll("adminTopics") List<TopicConfig> deleted) {
        MemoryEnv memory = new MemoryEnv(1_000);
        TopicConfigManager topics = new TopicConfigManager(memory.env(), SETTINGS, new DurableFile(memory.env(), PATH),
                t -> { });
        topics.load();
        created.forEach(topics::createOrUpdate);
        for (String group : groups) {
            topics.createIfAbsent(MixAll.RETRY_GROUP_TOPIC_PREFIX + group, 1, 6, 0);
            topics.createIfAbsent(MixAll.DLQ_GROUP_TOPIC_PREFIX + group, 1, 6, 0);
        }
        deleted.forEach(t -> topics.delete(t.topicName()));
        memory.settle();

        TopicConfigManager restarted = new TopicConfigManager(memory.env(), SETTINGS, new DurableFile(memory.env(), PATH),
                t -> { });
        restarted.load();
        assertThat(restarted.topics()).isEqualTo(topics.topics());
        assertThat(restarted.dataVersion()).isEqualTo(topics.dataVersion());
    }
}
