package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.sevensteps.e2e.pages.TrainingLessonPage;
import org.sevensteps.e2e.support.E2eTest;
import org.sevensteps.e2e.support.PagePerformance;
import org.sevensteps.e2e.support.Screenshots;

/**
 * A new student's first visit, lesson 1 to 7, as one script: from the lesson list through the side
 * navigation, the main experiment of each lesson with the lesson's own settings (the CNN for one
 * epoch, as its text advises), a screenshot of every whole lesson at 1280×800 and at tablet width
 * under {@code target/screenshots/walk-*.png}, and a table of each lesson's number and time. Fails on
 * a browser error, on anything sticking out at tablet width, or on a number far from the lesson's.
 *
 * <p>It trains five models (a few minutes), so it runs only when asked:
 * {@code ./mvnw -pl e2e-tests test -Dtest=NewStudentWalksThroughTheSevenLessonsTest -Dsevensteps.e2e.walkthrough=true}.
 */
@EnabledIfSystemProperty(named = "sevensteps.e2e.walkthrough", matches = "true")
class NewStudentWalksThroughTheSevenLessonsTest extends E2eTest {
    private final List<String> table = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    @Test
    @Timeout(1800)
    void aNewStudentGoesThroughTheSevenLessons() {
        Page page = browser.page();
        page.setViewportSize(1280, 800);
        page.onPageError(e -> errors.add(page.url() + ": " + e));
        page.onConsoleMessage(m -> {
            if (m.type().equals("error") && !m.text().startsWith("Failed to load resource")) errors.add(page.url() + ": console: " + m.text());
        });
        page.onResponse(r -> { if (r.status() >= 400) errors.add(page.url() + ": " + r.status() + " for " + r.url()); });

        page.navigate(server.baseUrl());
        assertThat(page.locator("#lesson-card-cnn")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "screenshots", "walk-0-lesson-list.png")));

        // 1. Baseline: press the button, read the two accuracies.
        page.locator("#lesson-card-baseline a").click();
        long t = System.nanoTime();
        page.locator("#run-baseline").click();
        assertThat(page.locator("#run-status")).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(120_000));
        note(1, "L1 accuracy " + page.locator("#l1-accuracy").textContent() + ", RMSE " + page.locator("#rmse-accuracy").textContent(), t);
        page.locator("#judge-seven").click();
        assertThat(page.locator("#judge-verdict")).containsText("A validation 7.");
        look(page, 1, "baseline");

        // 2. Loss: the worked example, then one weight nudged on the real images.
        nav(page, "2. Loss");
        t = System.nanoTime();
        page.locator("#worked-example").click();
        assertThat(page.locator("#loss-mnist")).containsText("0.4333");
        page.locator("#nudge").click();
        assertThat(page.locator("#nudge-reading")).containsText("accuracy", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        note(2, "mnist_loss " + page.locator("#loss-mnist").textContent() + "; nudge: " + page.locator("#nudge-reading").textContent(), t);
        look(page, 2, "loss");

        // 3. Gradient: the slope of x² at 3, and sum(x²) for [3, 4, 10].
        nav(page, "3. Gradient");
        t = System.nanoTime();
        assertThat(page.locator("#slope-reading")).containsText("6.0000");
        page.locator("#compute-grad").click();
        assertThat(page.locator("#grad-reading")).containsText("x.grad = [6, 8, 20]");
        note(3, page.locator("#slope-reading").textContent(), t);
        look(page, 3, "gradient");

        // 4. Step: three steps, twenty more, then the learning rate that diverges.
        nav(page, "4. Step");
        t = System.nanoTime();
        for (int i = 0; i < 3; i++) page.locator("#step").click();
        assertThat(page.locator("#step-count")).hasText("3");
        page.locator("#steps input").fill("20");
        page.locator("#train").click();
        assertThat(page.locator("#step-count")).hasText("23");
        assertThat(page).hasURL(Pattern.compile(".*[?&]n=20.*"));
        String afterTwentyThree = page.locator("#loss-now").textContent();
        page.locator("#fit-plot canvas[data-animating=false]").waitFor();
        look(page, 4, "step");
        page.locator("#reset").click();
        page.locator("#lr-large").click();
        page.locator("#steps input").fill("40");
        page.locator("#train").click();
        assertThat(page.locator("#fit-plot-text")).containsText("no longer a finite number");
        note(4, "loss after 23 steps at 1e-5: " + afterTwentyThree + "; at 1e-4 it overflows", t);

        // 5. Validate: the lesson's defaults (a random seed, 20 epochs).
        nav(page, "5. Validate");
        TrainingLessonPage lesson = new TrainingLessonPage(page);
        train(page, lesson, 5, "linear, 20 epochs", 120);
        look(page, 5, "validate");

        // 6. MLP: simple_net as it opens, then the ten-digit MLP.
        nav(page, "6. MLP");
        train(page, lesson, 6, "simple_net, 40 epochs", 180);
        page.locator("#model-choice").getByText("MLP 784-50-10, all ten digits").click();
        train(page, lesson, 6, "MLP 784-50-10, 3 epochs", 240);
        look(page, 6, "mlp");

        // 7. CNN: a filter with stride 2; then one epoch first, as the lesson says, then the fix with the same seed.
        nav(page, "7. CNN");
        page.locator("#conv-stride").click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.OPTION, new Page.GetByRoleOptions().setName("2")).click();
        assertThat(page.locator("#conv-size")).containsText("= 14");
        page.locator("#epochs input").fill("1");
        page.locator("#epochs input").press("Tab");
        train(page, lesson, 7, "CNN, 1 epoch", 300);
        page.locator("#model-choice").getByText("The same CNN without the last ReLU").click();
        train(page, lesson, 7, "the fix, same seed, 1 epoch", 300);
        assertThat(page.locator("#your-runs tbody tr")).hasCount(2);
        look(page, 7, "cnn");

        System.out.println("walk-through (load average " + PagePerformance.loadAverage() + "):");
        table.forEach(line -> System.out.println("  " + line));
        assertEquals(List.of(), errors, "errors in the browser");
    }

    /** Presses Train with what the fields hold, waits for the end, and notes the accuracy and the time. */
    private void train(Page page, TrainingLessonPage lesson, int number, String what, int seconds) {
        long t = System.nanoTime();
        double accuracy = lesson.train().awaitDone(seconds);
        note(number, String.format(Locale.ROOT, "%s (seed %s): validation accuracy %.3f", what,
                page.locator("#seed input").inputValue(), accuracy), t);
        assertTrue(accuracy > 0.5, what + ": " + accuracy);
    }

    /** Follows the side navigation to a lesson, as a student does. */
    private static void nav(Page page, String name) {
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
        page.waitForURL(Pattern.compile(".*/lessons/.*"));
        assertThat(page.locator(".lesson h2").first()).containsText(name.substring(3));
    }

    /** Screenshots of the whole lesson at 1280 and at tablet width, where nothing may stick out. */
    private void look(Page page, int number, String name) {
        Screenshots.wholeLesson(page, "walk-" + number + "-" + name);
        page.setViewportSize(768, 1024);
        page.waitForTimeout(300);
        Object wide = page.evaluate("() => [...document.querySelectorAll('.lesson *')].filter(e => "
                + "e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.widget, pre, .code-pair'))"
                + ".map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')).slice(0, 5)");
        assertEquals(List.of(), wide, "lesson " + number + " at 768 px: these stick out");
        Screenshots.wholeLesson(page, "walk-" + number + "-" + name + "-tablet");
        page.setViewportSize(1280, 800);
    }

    private void note(int lesson, String what, long startNanos) {
        table.add(String.format(Locale.ROOT, "%d. %s (%.1f s)", lesson, what, (System.nanoTime() - startNanos) / 1e9));
    }
}
