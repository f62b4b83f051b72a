package org.sevensteps.engine.tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Recycled float buffers. Every training step allocates the same large buffers again (the
 * gradients of intermediate results, a convolution's rearranged input); a fresh Java array costs a
 * zeroing pass over memory that no cache holds, and then the real write misses the cache a second
 * time. Buffers given back here are handed out again, zeroed, while they are still warm.
 *
 * <p>Each thread has its own free lists (a run trains on one thread), bounded in count per size and
 * in total. Only give back a buffer that nothing else holds or will read again.
 */
public final class Buffers {
    private Buffers() {}

    /** Smaller arrays are cheap to allocate and are not kept. */
    static final int MIN_FLOATS = 4096;
    private static final int PER_SIZE = 8;
    private static final long MAX_FLOATS_PER_THREAD = 16L << 20; // 64 MB

    private static final class FreeLists {
        final HashMap<Integer, ArrayDeque<float[]>> bySize = new HashMap<>();
        long floats;
    }

    private static final ThreadLocal<FreeLists> FREE = ThreadLocal.withInitial(FreeLists::new);

    /** n zeros: a buffer this thread gave back, when it has one of that size, else a new array. */
    public static float[] zeros(int n) {
        if (n < MIN_FLOATS) return new float[n];
        FreeLists free = FREE.get();
        ArrayDeque<float[]> list = free.bySize.get(n);
        if (list == null || list.isEmpty()) return new float[n];
        float[] a = list.pop();
        free.floats -= n;
        Arrays.fill(a, 0f);
        return a;
    }

    /** Gives {@code a} back for reuse by {@link #zeros}; null and small arrays are ignored. */
    public static void recycle(float[] a) {
        if (a == null || a.length < MIN_FLOATS) return;
        FreeLists free = FREE.get();
        ArrayDeque<float[]> list = free.bySize.computeIfAbsent(a.length, k -> new ArrayDeque<>());
        if (list.size() >= PER_SIZE || free.floats + a.length > MAX_FLOATS_PER_THREAD) return;
        for (float[] b : list) if (b == a) return; // given back twice: keep one copy, or two users would share it
        list.push(a);
        free.floats += a.length;
    }
}
