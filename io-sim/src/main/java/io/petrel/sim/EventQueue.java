package io.petrel.sim;

import java.util.Arrays;

/**
 * A binary min-heap of {@link SimEvent}s ordered by (time, sequence). Hand-written rather than
 * {@code java.util.PriorityQueue} to avoid a comparator call per comparison: the simulator's
 * speed target is millions of events per second with thousands pending.
 */
final class EventQueue {

    private SimEvent[] heap = new SimEvent[1024];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(SimEvent event) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            SimEvent p = heap[parent];
            if (!event.before(p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = event;
    }

    SimEvent peek() {
        return size == 0 ? null : heap[0];
    }

    SimEvent poll() {
        if (size == 0) {
            return null;
        }
        SimEvent top = heap[0];
        SimEvent last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(last);
        }
        return top;
    }

    private void siftDown(SimEvent event) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            SimEvent c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].before(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.before(event)) {
                break;
            }
            heap[i] = c;
            i = child;
        }
        heap[i] = event;
    }
}
