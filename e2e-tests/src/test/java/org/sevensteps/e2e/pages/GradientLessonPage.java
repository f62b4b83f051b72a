package org.sevensteps.e2e.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Lesson 3 (gradient), as a student sees it. */
public final class GradientLessonPage {
    private final Page page;

    public GradientLessonPage(Page page) {
        this.page = page;
    }

    public GradientLessonPage open(String baseUrl, String query) {
        page.navigate(baseUrl + "lessons/gradient" + query);
        page.locator("#tangent-plot canvas[data-drawn=true]").waitFor();
        return this;
    }

    /** Moves the point on the curve with the keyboard: {@code presses} arrow presses (0.1 each), negative for left. */
    public GradientLessonPage nudgeX(int presses) {
        Locator x = page.locator("#x");
        x.focus();
        for (int i = 0; i < Math.abs(presses); i++) x.press(presses < 0 ? "ArrowLeft" : "ArrowRight");
        return this;
    }

    public Locator slope() {
        return page.locator("#slope-reading");
    }

    public Locator numeric() {
        return page.locator("#numeric-reading");
    }

    public Locator grad() {
        return page.locator("#grad-reading");
    }

    public Locator gradError() {
        return page.locator("#grad-error");
    }

    public GradientLessonPage click(String id) {
        page.locator("#" + id).click();
        return this;
    }

    public GradientLessonPage typeValues(String values) {
        page.locator("#values input").fill(values);
        return click("compute-grad");
    }

    public Locator graph() {
        return page.locator("#graph");
    }

    public Locator graphText() {
        return page.locator("#graph-reading");
    }

    public Locator handDiff(String param) {
        return page.locator("#hand-" + param);
    }

    public Locator answer(String id, String text) {
        page.locator("#" + id + "-answer input").fill(text);
        page.locator("#" + id + "-check").click();
        return page.locator("#" + id + "-verdict");
    }
}
