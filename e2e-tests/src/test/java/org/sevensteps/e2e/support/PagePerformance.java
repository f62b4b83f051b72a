package org.sevensteps.e2e.support;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a student feels, measured inside Chromium: long tasks (the main thread busy for more than 50 ms,
 * from a {@code PerformanceObserver}), how long each key press or click waited before its handler ran
 * ({@code performance.now() - event.timeStamp}), and frames drawn. {@link #start} installs the
 * observers; {@link #read} collects what they saw.
 *
 * <p>A long task's duration is wall time: when the server trains on the same cores, the operating
 * system takes the page's thread away in the middle of a task and the task looks long although the
 * page did little. {@link #startCpuTrace} and {@link #stopCpuTrace} record a Chromium trace and
 * return the CPU time of the page's longest task: the work the page itself did.
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

    /** Starts a Chromium trace of the page's tasks (category {@code toplevel}: about 0.5 MB a second) into {@code file}. */
    public static void startCpuTrace(Page page, Path file) {
        page.context().browser().startTracing(page, new Browser.StartTracingOptions().setPath(file).setCategories(List.of("toplevel")));
    }

    /** Stops the trace and returns the most CPU time (ms) one task of a page's main thread took. */
    public static double stopCpuTrace(Page page, Path file) throws IOException {
        page.context().browser().stopTracing();
        Map<String, String> threads = new HashMap<>(); // "pid/tid" -> thread name
        List<double[]> tasks = new ArrayList<>(); // pid, tid, thread CPU µs
        try (JsonReader r = new JsonReader(Files.newBufferedReader(file))) {
            r.beginObject();
            while (r.hasNext()) {
                if (!r.nextName().equals("traceEvents")) {
                    r.skipValue();
                    continue;
                }
                r.beginArray();
                while (r.hasNext()) readEvent(r, threads, tasks);
                r.endArray();
            }
            r.endObject();
        }
        double most = 0;
        for (double[] t : tasks) {
            if ("CrRendererMain".equals(threads.get((long) t[0] + "/" + (long) t[1]))) most = Math.max(most, t[2] / 1000);
        }
        return most;
    }

    /** One trace event: a thread's name, or a task of the message loop with its CPU time. */
    private static void readEvent(JsonReader r, Map<String, String> threads, List<double[]> tasks) throws IOException {
        String name = null, ph = null, threadName = null;
        long pid = 0, tid = 0;
        double tdur = -1;
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName()) {
                case "name" -> name = r.nextString();
                case "ph" -> ph = r.nextString();
                case "pid" -> pid = r.nextLong();
                case "tid" -> tid = r.nextLong();
                case "tdur" -> tdur = r.nextDouble();
                case "args" -> {
                    r.beginObject();
                    while (r.hasNext()) {
                        if (r.nextName().equals("name") && r.peek() == JsonToken.STRING) threadName = r.nextString();
                        else r.skipValue();
                    }
                    r.endObject();
                }
                default -> r.skipValue();
            }
        }
        r.endObject();
        if ("M".equals(ph) && "thread_name".equals(name)) threads.put(pid + "/" + tid, threadName);
        if ("X".equals(ph) && tdur >= 0 && name != null && name.endsWith("RunTask")) tasks.add(new double[] {pid, tid, tdur});
    }

    /** The machine's load averages (1, 5, 15 minutes) from /proc/loadavg, to read timings against; "unknown" elsewhere. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
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
