package org.sevensteps.e2e.support;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a student feels, measured inside Chromium: long tasks (the main thread busy for more than 50 ms,
 * from a {@code PerformanceObserver}), how long each key press or click waited before its handler ran
 * ({@code performance.now() - event.timeStamp}), and frames drawn. {@link #start} installs the
 * observers; {@link #read} collects what they saw.
 */
public final class PagePerformance {
    private PagePerformance() {}

    /** What the observers saw since {@link #start}. */
    public record Seen(List<Double> longTasks, List<Double> inputDelays, int frames, double seconds) {
        /** The longest task in ms, 0 when there was none. */
        public double longestTask() {
            return longTasks.isEmpty() ? 0 : Collections.max(longTasks);
        }

        /** The longest wait of an input event in ms, 0 when there was none. */
        public double worstInputDelay() {
            return inputDelays.isEmpty() ? 0 : Collections.max(inputDelays);
        }

        /** The median wait of an input event in ms. */
        public double medianInputDelay() {
            return median(inputDelays);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "%d long tasks (longest %.0f ms, %.0f ms in all), %d inputs waited median %.1f ms, worst %.1f ms, %.0f frames/s over %.0f s",
                    longTasks.size(), longestTask(), longTasks.stream().mapToDouble(Double::doubleValue).sum(),
                    inputDelays.size(), medianInputDelay(), worstInputDelay(), frames / Math.max(seconds, 1e-9), seconds);
        }
    }

    /** Starts observing long tasks, input delays and frames in {@code page}. */
    public static void start(Page page) {
        page.evaluate("""
                () => {
                  const p = window.__perf = { long: [], delays: [], frames: 0, since: performance.now() };
                  new PerformanceObserver((list) => list.getEntries().forEach((e) => p.long.push(e.duration)))
                    .observe({ type: 'longtask' });
                  for (const type of ['keydown', 'pointerdown', 'click']) {
                    document.addEventListener(type, (e) => p.delays.push(performance.now() - e.timeStamp), true);
                  }
                  const frame = () => { p.frames++; requestAnimationFrame(frame); };
                  requestAnimationFrame(frame);
                }""");
    }

    /** What was seen since {@link #start}. */
    @SuppressWarnings("unchecked")
    public static Seen read(Page page) {
        Map<String, Object> m = (Map<String, Object>) page.evaluate(
                "() => ({ long: __perf.long, delays: __perf.delays, frames: __perf.frames, ms: performance.now() - __perf.since })");
        return new Seen(numbers(m.get("long")), numbers(m.get("delays")), ((Number) m.get("frames")).intValue(),
                ((Number) m.get("ms")).doubleValue() / 1000);
    }

    /** The median of {@code values}, NaN when empty. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Double> numbers(Object list) {
        List<Double> out = new ArrayList<>();
        for (Object o : (List<?>) list) out.add(((Number) o).doubleValue());
        return out;
    }
}
