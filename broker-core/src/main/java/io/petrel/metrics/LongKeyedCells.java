package io.petrel.metrics;

import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * Cells found by a {@code long} key without boxing it: open addressing with linear probing, grown
 * at half full. A lookup of a key already present allocates nothing, so a hot path can find its
 * cell per request; a new key makes its cell once. {@link #keysInOrder} gives the keys sorted, so
 * renderings are the same from run to run. Cells are never removed. Single-threaded.
 */
public final class LongKeyedCells<T> {

    private long[] keys = new long[16];
    private Object[] cells = new Object[16];
    private int size;

    /** The cell of {@code key}, made by {@code create} the first time. */
    @SuppressWarnings("unchecked")
    public T get(long key, LongFunction<T> create) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (cells[i] != null) {
            if (keys[i] == key) {
                return (T) cells[i];
            }
            i = (i + 1) & mask;
        }
        T cell = create.apply(key);
        keys[i] = key;
        cells[i] = cell;
        if (++size * 2 > keys.length) {
            grow();
        }
        return cell;
    }

    /** The cell of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public T find(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (cells[i] != null) {
            if (keys[i] == key) {
                return (T) cells[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    public long[] keysInOrder() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (cells[i] != null) {
                out[n++] = keys[i];
            }
        }
        Arrays.sort(out);
        return out;
    }

    public int size() {
        return size;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldCells = cells;
        keys = new long[oldKeys.length * 2];
        cells = new Object[oldCells.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldCells[j] != null) {
                int i = slot(oldKeys[j], mask);
                while (cells[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                cells[i] = oldCells[j];
            }
        }
    }
}
