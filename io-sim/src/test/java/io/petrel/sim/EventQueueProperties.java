package io.petrel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class EventQueueProperties {

    /** Interleaved adds and polls come out in (time, sequence) order, like a sorted reference. */
    @Property(tries = 200)
    void pollsInTimeThenSequenceOrder(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 50) Integer> times,
            @ForAll @Size(max = 400) List<Boolean> pollAfter) {
        EventQueue queue = new EventQueue();
        List<SimEvent> reference = new ArrayList<>();
        List<SimEvent> polled = new ArrayList<>();
        List<SimEvent> expected = new ArrayList<>();
        long seq = 0;
        for (int i = 0; i < times.size(); i++) {
            SimEvent e = new SimEvent(times.get(i), seq++, null, 0, 0, 0, () -> { });
            queue.add(e);
            reference.add(e);
            if (i < pollAfter.size() && pollAfter.get(i)) {
                reference.sort(Comparator.<SimEvent>comparingLong(x -> x.timeNanos).thenComparingLong(x -> x.seq));
                expected.add(reference.remove(0));
                polled.add(queue.poll());
            }
        }
        reference.sort(Comparator.<SimEvent>comparingLong(x -> x.timeNanos).thenComparingLong(x -> x.seq));
        expected.addAll(reference);
        while (!queue.isEmpty()) {
            polled.add(queue.poll());
        }
        assertThat(polled).containsExactlyElementsOf(expected);
    }
}
