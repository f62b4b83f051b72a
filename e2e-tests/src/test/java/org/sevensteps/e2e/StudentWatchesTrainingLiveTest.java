package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.pages.TrainingLessonPage;
import org.sevensteps.e2e.support.E2eTest;
import org.sevensteps.e2e.support.PagePerformance;

/**
 * How training feels in the browser: how soon the curve starts after Train, and whether the page
 * still answers while a CNN trains. The numbers are printed; the bounds asserted are generous (a busy
 * two-core machine runs the server and Chromium side by side), so that only a page that really hangs
 * fails. {@code -Dsevensteps.e2e.cnnEpochs=15} measures the lesson's full 15-epoch run.
 */
class StudentWatchesTrainingLiveTest extends E2eTest {
    private static final int CNN_EPOCHS = Integer.getInteger("sevensteps.e2e.cnnEpochs", 2);
    /** How many times Pause, Step and Train (resume) are measured. */
    private static final int CONTROLS = 5;

    @Test
    @Timeout(300)
    void theFirstPointIsDrawnSoonAfterTrainInLessonsFiveAndSeven() {
        Page page = browser.page();
        page.setViewportSize(1280, 800);
        TrainingLessonPage lesson = new TrainingLessonPage(page);
        for (String[] l : new String[][] {{"validate", "seed=42", "lesson 5 (linear)"}, {"cnn", "epochs=1&seed=42", "lesson 7 (CNN)"}}) {
            lesson.open(server.baseUrl(), l[0], l[1]);
            firstPointMillis(page, lesson, new ArrayList<>()); // the first run of a model in the server's life also warms up its code
            List<Double> ms = new ArrayList<>();
            List<List<Double>> stages = new ArrayList<>();
            for (int i = 0; i < 5; i++) ms.add(firstPointMillis(page, lesson, stages));
            double median = PagePerformance.median(ms);
            System.out.printf(Locale.ROOT, "first point drawn after Train, %s: %s ms, median %.0f ms (load average %s)%n", l[2],
                    whole(ms), median, PagePerformance.loadAverage());
            System.out.printf(Locale.ROOT, "  on the way, medians from the click: POST answered %.0f ms, socket open %.0f ms, "
                            + "first message %.0f ms%n", PagePerformance.median(stages.stream().map(st -> st.get(0)).toList()),
                    PagePerformance.median(stages.stream().map(st -> st.get(1)).toList()),
                    PagePerformance.median(stages.stream().map(st -> st.get(2)).toList()));
            assertTrue(median < 3000, l[2] + ": the curve should start within a second or so, not " + median + " ms");
        }
    }

    @Test
    @Timeout(2400)
    void thePageStaysResponsiveWhileTheCnnTrains() throws Exception {
        Page page = browser.page();
        page.setViewportSize(1280, 800);
        TrainingLessonPage lesson = new TrainingLessonPage(page).open(server.baseUrl(), "cnn", "epochs=" + CNN_EPOCHS + "&seed=42");
        awaitIdleEngine(page);
        Path trace = Path.of("target", "traces", "cnn-" + CNN_EPOCHS + "-epochs.json");
        Files.createDirectories(trace.getParent());
        PagePerformance.startCpuTrace(page, trace);
        PagePerformance.start(page);
        lesson.train();
        page.waitForFunction("() => document.querySelector('#loss-chart').dataset.firstPointAt");

        // A student keeps using the page: keys every half second, and a few times Pause, Step one batch and
        // Train (resume), each a server round trip, in the first epoch.
        List<Double> pauses = new ArrayList<>(), steps = new ArrayList<>(), resumes = new ArrayList<>();
        long end = System.nanoTime() + (long) ((120 + CNN_EPOCHS * 120) * 1e9);
        while (lesson.panel().getAttribute("data-done") == null && System.nanoTime() < end) {
            page.keyboard().press("Shift");
            page.locator(".lesson h2").first().click(); // a click on the heading: nothing to do but to handle it
            if (pauses.size() < CONTROLS && lesson.points("loss-chart") >= 10 && earlyInTheFirstEpoch(page)) {
                pauses.add(roundTrip(page, "#pause", "Paused"));
                page.waitForTimeout(200); // the batch under way when Pause came reports
                steps.add(roundTrip(page, "#step", "Paused after batch"));
                resumes.add(roundTrip(page, "#train", "Training"));
            }
            page.waitForTimeout(500);
        }
        assertThat(lesson.status()).containsText("Done");
        PagePerformance.Seen seen = PagePerformance.read(page);
        double cpu = PagePerformance.stopCpuTrace(page, trace);
        System.out.printf(Locale.ROOT, "while a %d-epoch CNN trained: %s; the page's longest task used %.0f ms of CPU; "
                        + "Pause answered in %s ms (median %.0f), Step one batch in %s ms (median %.0f), Train (resume) in %s ms "
                        + "(median %.0f) (load average %s)%n", CNN_EPOCHS, seen, cpu, whole(pauses), PagePerformance.median(pauses),
                whole(steps), PagePerformance.median(steps), whole(resumes), PagePerformance.median(resumes), PagePerformance.loadAverage());
        assertTrue(cpu < 500, "the page itself worked " + cpu + " ms in one go");
        assertTrue(seen.longestTask() < 3000, "the page froze for " + seen.longestTask() + " ms");
        assertTrue(seen.worstInputDelay() < 2000, "a key press waited " + seen.worstInputDelay() + " ms");
        assertTrue(!pauses.isEmpty() && pauses.stream().allMatch(ms -> ms >= 0 && ms < 5000), "Pause answered after " + pauses + " ms");
        assertTrue(steps.stream().allMatch(ms -> ms >= 0 && ms < 5000), "Step answered after " + steps + " ms");

        // However long the run, a chart keeps a bounded number of points, and adding one stays cheap.
        @SuppressWarnings("unchecked")
        Map<String, Object> flood = (Map<String, Object>) page.evaluate("""
                () => { const box = document.querySelector('#loss-chart'), t0 = performance.now();
                  for (let i = 1; i <= 5000; i++) SevenSteps.addPoint(box, 0, 1000 + i, Math.random());
                  return { ms: performance.now() - t0, points: Number(box.dataset.points) }; }""");
        int points = ((Number) flood.get("points")).intValue();
        System.out.printf(Locale.ROOT, "5000 more loss points: %d kept in the chart, %.1f ms to add%n", points,
                ((Number) flood.get("ms")).doubleValue());
        assertTrue(points <= 400 + CNN_EPOCHS, points + " points kept");
    }

    /**
     * Presses Train and returns the ms from the click to the first point drawn in the loss chart; then
     * Reset. Adds to {@code stages} the ms from the click to the page's marks on the way: the POST
     * answered, the socket open, its first message.
     */
    @SuppressWarnings("unchecked")
    private static double firstPointMillis(Page page, TrainingLessonPage lesson, List<List<Double>> stages) {
        awaitIdleEngine(page);
        page.evaluate("() => { performance.clearMarks(); document.querySelector('#train').addEventListener('click', "
                + "() => { window.__trainAt = performance.now(); }, { capture: true, once: true }); }");
        lesson.train();
        page.waitForFunction("() => document.querySelector('#loss-chart').dataset.firstPointAt");
        double ms = ((Number) page.evaluate(
                "() => Number(document.querySelector('#loss-chart').dataset.firstPointAt) - window.__trainAt")).doubleValue();
        stages.add(((List<Number>) page.evaluate("() => ['run-posted', 'socket-open', 'first-message'].map((n) => {"
                + " const e = performance.getEntriesByName('sevensteps:' + n); return e.length ? e[0].startTime - window.__trainAt : -1; })"))
                .stream().map(Number::doubleValue).toList());
        lesson.reset();
        page.waitForFunction("() => !document.querySelector('#loss-chart').dataset.firstPointAt");
        return ms;
    }

    /**
     * Whether the run is in the first 80% of its first epoch's training batches: a Step there is a
     * training batch (a paused run also holds between validation batches, which report nothing).
     */
    private static boolean earlyInTheFirstEpoch(Page page) {
        return (Boolean) page.evaluate("""
                () => { const m = /^Epoch 1, batch (\\d+) of (\\d+)/.exec(document.querySelector('#latest').textContent);
                  return m !== null && Number(m[1]) < 0.8 * Number(m[2]); }""");
    }

    private static List<String> whole(List<Double> ms) {
        return ms.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList();
    }

    /**
     * Clicks {@code button} and returns the ms until the status line says {@code word} in a text other
     * than the one it showed at the click (-1 after 30 s).
     */
    private static double roundTrip(Page page, String button, String word) {
        page.evaluate("""
                ([button, word]) => { const status = document.querySelector('#train-status');
                  window.__roundTrip = new Promise((resolve) => {
                    let at, before;
                    setTimeout(() => resolve(-1), 30000);
                    document.querySelector(button).addEventListener('click', () => { at = performance.now(); before = status.textContent; },
                        { capture: true, once: true });
                    const seen = new MutationObserver(() => {
                      if (at !== undefined && status.textContent !== before && status.textContent.includes(word)) {
                        seen.disconnect(); resolve(performance.now() - at); }
                    });
                    seen.observe(status, { childList: true, characterData: true, subtree: true });
                  }); }""", List.of(button, word));
        page.locator(button).click();
        return ((Number) page.evaluate("() => window.__roundTrip")).doubleValue();
    }

    /** Waits until no run is queued or running, so a measurement does not include someone else's run. */
    private static void awaitIdleEngine(Page page) {
        for (int i = 0; i < 600; i++) {
            String health = page.request().get(server.baseUrl() + "api/health").text();
            if (health.replace(" ", "").contains("\"queue_length\":0")) return;
            page.waitForTimeout(100);
        }
        throw new AssertionError("the engine stayed busy for a minute");
    }
}
