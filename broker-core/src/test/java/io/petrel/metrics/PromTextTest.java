package io.petrel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromTextTest {

    private static List<String> lines(PromText text) {
        return List.of(text.text().split("\n"));
    }

    @Test
    void escapesBackslashQuoteAndLineFeedInLabelValues() {
        Labels labels = Labels.NONE.with("topic", "a\\b\"c\nd").with("consumer_group", "plain");
        PromText text = new PromText().counter("rocketmq_messages_in_total", "Messages", labels, 3);
        assertThat(lines(text)).containsExactly(
                "# HELP rocketmq_messages_in_total Messages",
                "# TYPE rocketmq_messages_in_total counter",
                "rocketmq_messages_in_total{topic=\"a\\\\b\\\"c\\nd\",consumer_group=\"plain\"} 3");
    }

    @Test
    void escapesBackslashAndLineFeedInHelpButNotQuotes() {
        PromText text = new PromText().gauge("g", "say \"x\"\\n\nnext", Labels.NONE, 1);
        assertThat(lines(text).get(0)).isEqualTo("# HELP g say \"x\"\\\\n\\nnext");
        assertThat(lines(text).get(2)).isEqualTo("g 1");
    }

    @Test
    void announcesAFamilyOnceForManySamples() {
        PromText text = new PromText()
                .gauge("g", "help", Labels.NONE.with("a", "1"), 1)
                .gauge("g", "help", Labels.NONE.with("a", "2"), 2);
        assertThat(lines(text)).containsExactly("# HELP g help", "# TYPE g gauge", "g{a=\"1\"} 1", "g{a=\"2\"} 2");
    }

    @Test
    void rendersHistogramBucketsCumulativelyWithInfSumAndCount() {
        Histogram h = new Histogram(new long[] {1, 5, 10});
        for (long v : new long[] {0, 1, 2, 5, 7, 11, 100}) {
            h.record(v);
        }
        PromText text = new PromText().histogram("lat", "Latency", Labels.NONE.with("n", "x"), h);
        assertThat(lines(text)).containsExactly(
                "# HELP lat Latency",
                "# TYPE lat histogram",
                "lat_bucket{n=\"x\",le=\"1\"} 2",
                "lat_bucket{n=\"x\",le=\"5\"} 4",
                "lat_bucket{n=\"x\",le=\"10\"} 5",
                "lat_bucket{n=\"x\",le=\"+Inf\"} 7",
                "lat_sum{n=\"x\"} 126",
                "lat_count{n=\"x\"} 7");
    }

    @Test
    void rendersAHistogramWithoutLabels() {
        Histogram h = new Histogram(new long[] {1});
        h.record(3);
        assertThat(lines(new PromText().histogram("h", "x", Labels.NONE, h))).contains(
                "h_bucket{le=\"1\"} 0", "h_bucket{le=\"+Inf\"} 1", "h_sum 3", "h_count 1");
    }

    @Test
    void writesDoublesAsPrometheusReadsThem() {
        assertThat(PromText.number(0.25)).isEqualTo("0.25");
        assertThat(PromText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PromText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PromText.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }
}
