package io.petrel.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Rates over the newest intervals of a bounded ring of samples. */
class CounterWindowTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRateCoversTheAskedIntervalsOrWhatIsKept() {
        CounterWindow w = new CounterWindow(4);
        assertThat(w.deltaOver(3).perSecond()).isZero();
        for (int s = 0; s < 6; s++) {
            w.sample(s * SECOND, s * 10L, s);
        }
        assertThat(w.deltaOver(1).perSecond()).isEqualTo(10.0);
        assertThat(w.deltaOver(1).value()).isEqualTo(10);
        CounterWindow.Delta all = w.deltaOverAll();
        assertThat(all.value()).as("samples 2..5 kept").isEqualTo(30);
        assertThat(all.elapsedNanos()).isEqualTo(3 * SECOND);
        assertThat(all.perIncrement()).isEqualTo(10.0);
        assertThat(w.deltaOver(100).value()).isEqualTo(30);
    }

    @Test
    void runtimeTextsUseRocketMqsFormats() {
        assertThat(RuntimeInfo.humanBytes(512)).isEqualTo("512 B");
        assertThat(RuntimeInfo.humanBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(RuntimeInfo.humanBytes(3L << 30)).isEqualTo("3.0 GiB");
        assertThat(RuntimeInfo.uptime(90_061_000)).isEqualTo("[ 1 days, 1 hours, 1 minutes, 1 seconds ]");
        assertThat(DailyTotals.millisToNextMidnight(1_700_000_000_000L, ZoneId.of("UTC"))).isEqualTo(6_400_000);
    }
}
