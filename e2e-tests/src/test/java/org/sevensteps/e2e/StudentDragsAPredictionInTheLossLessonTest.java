package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.pages.LossLessonPage;
import org.sevensteps.e2e.support.Accessibility;
import org.sevensteps.e2e.support.E2eTest;
import org.sevensteps.e2e.support.Screenshots;

@Timeout(180)
class StudentDragsAPredictionInTheLossLessonTest extends E2eTest {

    @Test
    void studentDragsTheWrongPredictionUpAndEveryLossFallsWhileAccuracyOnlyJumps() {
        Page page = browser.page();
        page.setViewportSize(1280, 800);
        LossLessonPage lesson = new LossLessonPage(page).open(server.baseUrl(), "");

        // The source's worked example: targets [1,0,1], predictions [0.9,0.4,0.2].
        assertThat(lesson.loss("mnist")).hasText("0.4333");
        assertThat(lesson.loss("l1")).hasText("0.4333");
        assertThat(lesson.loss("mse")).hasText("0.2700");
        assertThat(lesson.slope("mnist", 3)).hasText("-0.3333");
        assertThat(lesson.accuracy()).hasText("0.6667");

        // On the real 3s and 7s, a tiny change of one weight moves the loss but not the accuracy.
        page.locator("#nudge").click();
        assertThat(page.locator("#nudge-reading")).containsText("accuracy unchanged", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        assertTrue(!page.locator("#nudge-loss-before").textContent().equals(page.locator("#nudge-loss-after").textContent()));

        // Drag the third (wrong) prediction from 0.2 up to 0.8 on the chart.
        lesson.dragPrediction(2, 0.8);
        assertThat(lesson.predictionValue(3)).hasText("0.80");
        assertThat(lesson.loss("mnist")).hasText("0.2333");
        assertThat(lesson.accuracy()).hasText("1.0000");
        assertThat(page.locator("#loss-plot-text")).containsText("image 3");

        // The keyboard moves a slider too: Home puts the 7's prediction at 0.
        lesson.prediction(2).focus();
        lesson.prediction(2).press("Home");
        assertThat(lesson.loss("mnist")).hasText("0.1000");
        assertThat(page).hasURL(Pattern.compile(".*p=0\\.90%2C0\\.00%2C0\\.80.*|.*p=0\\.90,0\\.00,0\\.80.*"));

        // The self-check uses the student's own predictions.
        assertThat(lesson.answer("q-loss", "0.1")).hasAttribute("data-right", "true");
        assertThat(lesson.answer("q-sigmoid", "a half")).containsText("not a number");

        // Cross entropy: scaled-up scores overflow the straight logsumexp, not the trick.
        page.locator("#scale").focus();
        page.locator("#scale").press("End");
        assertThat(lesson.crossEntropy()).containsText("Infinity (exp overflowed)");

        Screenshots.wholeLesson(page, "loss");
        page.setViewportSize(820, 1180);
        Screenshots.wholeLesson(page, "loss-tablet");
        Accessibility.assertNoSeriousViolations(page);

        // A link with a bad prediction says so, and falls back.
        lesson.open(server.baseUrl(), "?p=2,0,1");
        assertThat(lesson.urlMessage()).containsText("not a prediction between 0 and 1");
        assertTrue(page.locator("#loss-mnist").textContent().matches("\\d\\.\\d{4}"));
    }
}
