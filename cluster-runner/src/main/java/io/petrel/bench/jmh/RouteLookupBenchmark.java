package io.petrel.bench.jmh;

import io.petrel.common.DataVersion;
import io.petrel.common.Json;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.namesrv.RouteInfoManager;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A NameServer holding 1,000 topics of 8 queues on each of 4 brokers answering route lookups:
 * the table lookup plus the JSON body it sends.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RouteLookupBenchmark {

    private static final int TOPICS = 1_000;
    private static final int BROKERS = 4;

    private RouteInfoManager routes;
    private String[] topics;
    private int next;

    @Setup
    public void setUp() {
        routes = new RouteInfoManager();
        topics = new String[TOPICS];
        TreeMap<String, TopicConfig> table = new TreeMap<>();
        for (int t = 0; t < TOPICS; t++) {
            topics[t] = "Topic-" + t;
            table.put(topics[t], TopicConfig.of(topics[t], 8, 8, 6));
        }
        for (int b = 0; b < BROKERS; b++) {
            routes.register("DefaultCluster", "10.0.0." + (b + 1) + ":10911", "broker-" + b, 0,
                    "10.0.0." + (b + 1) + ":10912", new TopicConfigSerializeWrapper(table, new DataVersion(1, 1)), null, 0);
        }
    }

    @Benchmark
    public byte[] lookUpARouteAndWriteItsBody() {
        String topic = topics[next];
        next = (next + 1) % TOPICS;
        return Json.write(routes.route(topic, null));
    }
}
