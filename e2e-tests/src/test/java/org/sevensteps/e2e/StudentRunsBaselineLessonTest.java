package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.pages.BaselineLessonPage;
import org.sevensteps.e2e.support.Accessibility;
import org.sevensteps.e2e.support.E2eTest;

@Timeout(180)
class StudentRunsBaselineLessonTest extends E2eTest {

    @Test
    void studentOpensTheBaselineFromTheLessonListAndSeesItsAccuracyGrowOnAChart() {
        Page page = browser.page();
        page.navigate(server.baseUrl());
        assertThat(page.locator("#lesson-card-cnn")).containsText("CNN");
        Accessibility.assertNoSeriousViolations(page);
        page.locator("#lesson-card-baseline a").click();
        page.waitForURL(Pattern.compile(".*/lessons/baseline$"));

        BaselineLessonPage lesson = new BaselineLessonPage(page).run();

        assertThat(lesson.status()).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(90_000));
        double l1 = BaselineLessonPage.percent(lesson.l1Accuracy().textContent());
        double rmse = BaselineLessonPage.percent(lesson.rmseAccuracy().textContent());
        assertTrue(l1 > 0.93 && l1 < 0.97, "L1 accuracy near the source's 0.95, was " + l1);
        assertTrue(rmse > 0.93 && rmse < 0.98, "RMSE accuracy near 0.95-0.97, was " + rmse);

        int points = Integer.parseInt(lesson.chart().getAttribute("data-points"));
        assertTrue(points >= 20, "the chart shows a point per chunk of each line, had " + points);
        assertThat(lesson.idealThree()).hasAttribute("data-drawn", "true");
        assertThat(page.locator("#backend")).containsText("cpu");

        // One digit against the two ideals: a validation 7, then a 7 drawn on the pad.
        page.locator("#judge-seven").click();
        assertThat(page.locator("#judge-verdict")).containsText("A validation 7.");
        assertThat(page.locator("#judge-l1")).hasText(Pattern.compile("[37]"));
        assertThat(page.locator("#judge-minus-7")).hasAttribute("data-drawn", "true");
        org.sevensteps.e2e.support.Pen.drawSeven(page, page.locator("#judge-pad"));
        page.locator("#judge-drawing").click();
        assertThat(page.locator("#judge-verdict")).containsText("Your drawing. Both distances say 7.");
        Accessibility.assertNoSeriousViolations(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "screenshots",
                "baseline-lesson.png")).setFullPage(true));
    }
}
