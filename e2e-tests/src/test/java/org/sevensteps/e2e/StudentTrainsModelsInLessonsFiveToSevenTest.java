package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.pages.TrainingLessonPage;
import org.sevensteps.e2e.support.Accessibility;
import org.sevensteps.e2e.support.E2eTest;

@Timeout(300)
class StudentTrainsModelsInLessonsFiveToSevenTest extends E2eTest {

    @Test
    void theLinearModelReachesTheSourceTextsAccuracyAndTheLinkCarriesTheRun() {
        Page page = browser.page();
        TrainingLessonPage lesson = new TrainingLessonPage(page).open(server.baseUrl(), "validate", "seed=42");
        assertTrue(page.url().contains("seed=42"), page.url());
        double accuracy = lesson.train().awaitDone(120);
        assertTrue(accuracy >= 0.965, "linear 3s vs 7s after 20 epochs: " + accuracy);
        assertEquals(20, Integer.parseInt(lesson.panel().getAttribute("data-epochs")));
        assertTrue(lesson.points("accuracy-chart") == 20, "one accuracy point per epoch");
        assertTrue(lesson.points("loss-chart") > 40, "loss per batch and per epoch");
        assertEquals(1, page.locator("#weights canvas").count(), "the linear model has one unit");
        assertThat(page.locator("#confusion")).isVisible();
        assertThat(page.locator("#latest")).containsText("Epoch 20");
        assertThat(page.locator("a[href$='weights.json']")).isVisible();
        assertThat(page.locator("a[href$='metrics.csv']")).isVisible();

        org.sevensteps.e2e.support.Pen.drawSeven(page, page.locator("#pad"));
        page.locator("#pad-classify").click();
        assertThat(page.locator("#pad-result")).containsText("Your model says: 7");
        lesson.screenshot("lesson-5-validate");
        Accessibility.assertNoSeriousViolations(page);

        // The self-check asks about this run: the server knows the answers.
        page.locator("#batches-answer input").fill("48");
        page.locator("#batches-check").click();
        assertThat(page.locator("#batches-verdict")).containsText("Not quite");
        page.locator("#batches-answer input").fill("49");
        page.locator("#batches-check").click();
        assertThat(page.locator("#batches-verdict")).containsText("Right");
        page.locator("#accuracy-answer input").fill(String.format(java.util.Locale.ROOT, "%.1f", accuracy * 100));
        page.locator("#accuracy-check").click();
        assertThat(page.locator("#accuracy-verdict")).containsText("Right");

        // Train again after a finished run: a new run with the same settings (it does not "resume" the old one).
        lesson.train();
        assertThat(page.locator("#your-runs tbody tr")).hasCount(2, new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(120_000));
        assertThat(page.locator("#compare-accuracy")).hasAttribute("data-runs", "2");

        // Reset, then step through the same run one batch at a time.
        lesson.reset().step();
        assertThat(lesson.status()).containsText("Paused after batch 1 of epoch 1");
        lesson.step();
        assertThat(lesson.status()).containsText("Paused after batch 2 of epoch 1");
        lesson.reset();
    }

    @Test
    void aLessonFitsATabletWidthScreen() {
        Page page = browser.page();
        page.setViewportSize(768, 1024);
        new TrainingLessonPage(page).open(server.baseUrl(), "mlp", "");
        Object overflow = page.evaluate("() => [...document.querySelectorAll('#training, #training *')]"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).length");
        assertEquals(0, ((Number) overflow).intValue(), "nothing of the training panel sticks out at 768 px");
        page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "screenshots", "lesson-6-tablet.png")));
    }

    @Test
    void anOutOfRangeValueInTheLinkIsExplainedAndTheDefaultsAreUsed() {
        Page page = browser.page();
        new TrainingLessonPage(page).open(server.baseUrl(), "validate", "lr=-5");
        assertThat(page.locator("#url-problem")).containsText("Learning rate must be between");
        assertThat(page.locator("#lr input")).hasValue("1");
    }

    @Test
    void theTenDigitMlpLearnsInOneEpochAndShowsItsWeightsAndMistakes() {
        Page page = browser.page();
        TrainingLessonPage lesson = new TrainingLessonPage(page).open(server.baseUrl(), "mlp", "model=mlp&epochs=1&seed=7");
        double accuracy = lesson.train().awaitDone(180);
        assertTrue(accuracy >= 0.9, "784-50-10 after one epoch: " + accuracy);
        assertEquals(16, page.locator("#weights canvas").count());
        assertEquals(9, page.locator("#predictions figure").count());
        lesson.screenshot("lesson-6-mlp");
    }

    @Test
    void theCnnLearnsWellAboveChanceInOneEpochAndItsFixRunsBesideItWithTheSameSeed() {
        Page page = browser.page();
        page.setViewportSize(1280, 800);
        TrainingLessonPage lesson = new TrainingLessonPage(page).open(server.baseUrl(), "cnn", "epochs=1&seed=42");

        // A hand-made filter on a real digit, and the size formula as the stride and padding change.
        assertThat(page.locator("#conv-output")).hasAttribute("data-side", "28");
        page.locator("#conv-stride").click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.OPTION, new Page.GetByRoleOptions().setName("2")).click();
        assertThat(page.locator("#conv-output")).hasAttribute("data-side", "14");
        assertThat(page.locator("#conv-size")).containsText("(28 + 2×1 − 3) ÷ 2 + 1 = 14");

        double accuracy = lesson.train().awaitDone(240);
        assertTrue(accuracy > 0.5, "CNN after one epoch, chance is 0.1: " + accuracy);
        assertEquals(16, page.locator("#weights canvas").count(), "16 filters of the first layer");
        assertEquals(16, page.locator(".feature-maps canvas").count(), "16 feature maps");
        assertEquals(9, page.locator("#predictions figure").count(), "a 3×3 grid of predictions");

        // The fix, same seed: both runs share the comparison charts and the table.
        page.locator("#model-choice").getByText("The same CNN without the last ReLU").click();
        assertThat(page.locator("#seed input")).hasValue("42");
        assertThat(page.locator("#epochs input")).hasValue("1"); // the CNN and its fix are trained alike: settings stay
        double fixed = lesson.train().awaitDone(240);
        assertTrue(fixed > 0.5, "the fixed CNN after one epoch: " + fixed);
        assertThat(page.locator("#compare-accuracy")).hasAttribute("data-runs", "2");
        assertThat(page.locator("#compare-loss")).hasAttribute("data-points", "2");
        assertThat(page.locator("#your-runs tbody tr")).hasCount(2);
        assertThat(page.locator("#your-runs tbody tr").nth(1)).containsText("without the last ReLU");
        System.out.printf("lesson 7, seed 42, one epoch: the source's CNN %.3f, the fix %.3f%n", accuracy, fixed);
        lesson.screenshot("lesson-7-cnn");
        Accessibility.assertNoSeriousViolations(page);
    }
}
