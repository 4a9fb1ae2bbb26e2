package io.petrel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test parser is only as good as what it refuses: these keep it strict. */
class PromTextParserTest {

    @Test
    void readsLabelsWithEscapesAndHistogramSeries() {
        PromTextParser.Scrape s = PromTextParser.parse("""
                # HELP c help
                # TYPE c counter
                c{topic="a\\\\b\\"c\\nd",g="x"} 3
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_bucket{le="+Inf"} 2
                h_sum 5
                h_count 2
                """);
        assertThat(s.value("c", x -> true)).isEqualTo(3);
        assertThat(s.named("c", x -> true).get(0).labels()).containsEntry("topic", "a\\b\"c\nd").containsEntry("g", "x");
        assertThat(s.value("h_count", x -> true)).isEqualTo(2);
        assertThat(s.types()).containsEntry("h", "histogram");
    }

    @Test
    void refusesASampleOutsideItsFamilysGroup() {
        assertThatThrownBy(() -> PromTextParser.parse("# TYPE a counter\n# TYPE b counter\na 1\n"))
                .hasMessageContaining("sample outside its family's group");
        assertThatThrownBy(() -> PromTextParser.parse("# TYPE a counter\na_count 1\n"))
                .hasMessageContaining("sample outside its family's group");
    }

    @Test
    void refusesBrokenLines() {
        assertThatThrownBy(() -> PromTextParser.parse("# TYPE a counter\na{x=1} 1\n")).hasMessageContaining("bad label");
        assertThatThrownBy(() -> PromTextParser.parse("# TYPE a counter\na one\n")).hasMessageContaining("bad value");
        assertThatThrownBy(() -> PromTextParser.parse("# TYPE a counter\n# TYPE a counter\n"))
                .hasMessageContaining("declared twice");
    }
}
