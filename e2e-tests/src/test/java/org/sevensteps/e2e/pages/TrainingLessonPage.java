package org.sevensteps.e2e.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Path;

/** A lesson with the training panel (5, 6, 7), as a student uses it. */
public final class TrainingLessonPage {
    private final Page page;

    public TrainingLessonPage(Page page) {
        this.page = page;
    }

    public TrainingLessonPage open(String baseUrl, String lesson, String query) {
        page.navigate(baseUrl + "lessons/" + lesson + (query.isEmpty() ? "" : "?" + query));
        assertThat(page.locator("#training")).isVisible();
        return this;
    }

    public TrainingLessonPage train() {
        page.locator("#train").click();
        return this;
    }

    public TrainingLessonPage step() {
        page.locator("#step").click();
        return this;
    }

    public TrainingLessonPage reset() {
        page.locator("#reset").click();
        return this;
    }

    public Locator status() {
        return page.locator("#train-status");
    }

    public Locator panel() {
        return page.locator("#training");
    }

    /** Waits for the run's end and returns its final validation accuracy. */
    public double awaitDone(double seconds) {
        assertThat(status()).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(seconds * 1000));
        return Double.parseDouble(panel().getAttribute("data-accuracy"));
    }

    public int points(String chartId) {
        return Integer.parseInt(page.locator("#" + chartId).getAttribute("data-points"));
    }

    public void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")).setFullPage(true));
    }
}
