package org.sevensteps.server.classroom;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key per {@code windowMillis} (a fixed window per key). Old keys are
 * forgotten when their window has passed, so the map stays small.
 */
public final class RateLimiter {
    private final int limit;
    private final long windowMillis;
    private final Map<String, long[]> windows = new ConcurrentHashMap<>(); // key -> {window start, count}

    public RateLimiter(int limit, long windowMillis) {
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Counts one event for {@code key}; false when the key is over its limit (the event is not counted). */
    public boolean allow(String key) {
        long now = System.currentTimeMillis();
        if (windows.size() > 10_000) windows.values().removeIf(w -> now - w[0] > windowMillis);
        long[] w = windows.computeIfAbsent(key, k -> new long[] {now, 0});
        synchronized (w) {
            if (now - w[0] > windowMillis) {
                w[0] = now;
                w[1] = 0;
            }
            if (w[1] >= limit) return false;
            w[1]++;
            return true;
        }
    }
}
