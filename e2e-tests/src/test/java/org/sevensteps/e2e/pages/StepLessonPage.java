package org.sevensteps.e2e.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Lesson 4 (step): the roller-coaster, as a student sees it. */
public final class StepLessonPage {
    private final Page page;

    public StepLessonPage(Page page) {
        this.page = page;
    }

    public StepLessonPage open(String baseUrl, String query) {
        page.navigate(baseUrl + "lessons/step" + query);
        page.locator("#fit-plot canvas[data-drawn=true]").waitFor();
        return this;
    }

    public StepLessonPage learningRate(String lr) {
        page.locator("#lr input").fill(lr);
        return this;
    }

    public StepLessonPage stepsPerTrain(String n) {
        page.locator("#steps input").fill(n);
        return this;
    }

    public StepLessonPage click(String id) {
        page.locator("#" + id).click();
        return this;
    }

    public Locator stepCount() {
        return page.locator("#step-count");
    }

    /** The loss of the current parameters, as the server computed it (full precision, "Infinity" or "NaN"). */
    public double loss() {
        return Double.parseDouble(page.locator("#loss-now").getAttribute("data-loss"));
    }

    public Locator param(String name) {
        return page.locator("#param-" + name);
    }

    public Locator grad(String name) {
        return page.locator("#grad-" + name);
    }

    public Locator log() {
        return page.locator("#step-log");
    }

    public Locator fitText() {
        return page.locator("#fit-plot-text");
    }

    public Locator compareText() {
        return page.locator("#compare-plot-text");
    }

    public Locator error() {
        return page.locator("#step-error");
    }

    public Locator answer(String id, String text) {
        page.locator("#" + id + "-answer input").fill(text);
        page.locator("#" + id + "-check").click();
        return page.locator("#" + id + "-verdict");
    }
}
