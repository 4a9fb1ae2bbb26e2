package io.petrel.bench.jmh;

import io.petrel.broker.metrics.BrokerMetrics;
import io.petrel.broker.metrics.MessageType;
import io.petrel.metrics.Histogram;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.store.StoreStats;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What metrics add to one synchronous send on a broker with {@code metricsExporterType=PROM}: the
 * put counted for its topic ({@code BrokerMetrics.onPut}, over 1,000 topics in turn, so the lookup
 * misses the cache as a busy broker's would) and the reply counted by request and response code
 * ({@code RequestMetrics.onReplied}). A broker without metrics does neither. Compared with the
 * broker CPU per message {@code bin/bench compare} measures, it is the metrics' share of a send.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBenchmark {

    private static final int TOPICS = 1_000;

    private BrokerMetrics metrics;
    private String[] topics;
    private RemotingCommand request;
    private int next;
    private long now;

    @Setup
    public void setUp() {
        metrics = new BrokerMetrics("DefaultCluster", "broker-a", new NoSources());
        topics = new String[TOPICS];
        for (int t = 0; t < TOPICS; t++) {
            topics[t] = "Topic-" + t;
            metrics.onPut(topics[t], MessageType.NORMAL, 1, 1024);
        }
        request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, null);
    }

    @Benchmark
    public void countOneSend() {
        String topic = topics[next];
        next = (next + 1) % TOPICS;
        now += 150_000;
        request.receivedNanos(now - 120_000);
        metrics.onPut(topic, MessageType.NORMAL, 1, 1024);
        metrics.requests().onReplied(request, ResponseCode.SUCCESS, true, now);
    }

    /** Gauges are read only when a scrape renders, which this benchmark does not do. */
    private static final class NoSources implements BrokerMetrics.Sources {
        @Override
        public int topicNumber() {
            return 0;
        }

        @Override
        public int consumerGroupNumber() {
            return 0;
        }

        @Override
        public int brokerPermission() {
            return 6;
        }

        @Override
        public void forEachLag(BrokerMetrics.LagSink sink) {
        }

        @Override
        public StoreStats store() {
            throw new UnsupportedOperationException("not read without a scrape");
        }

        @Override
        public Histogram forceLatencyMs() {
            throw new UnsupportedOperationException("not read without a scrape");
        }

        @Override
        public long replicationLagBytes() {
            return -1;
        }

        @Override
        public int connectedSlaves() {
            return 0;
        }

        @Override
        public Histogram replicaAckLatencyMs() {
            throw new UnsupportedOperationException("not read without a scrape");
        }
    }
}
