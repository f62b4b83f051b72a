package org.sevensteps.e2e.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The baseline lesson, as a student sees it. */
public final class BaselineLessonPage {
    private final Page page;

    public BaselineLessonPage(Page page) {
        this.page = page;
    }

    public BaselineLessonPage run() {
        page.locator("#run-baseline").click();
        return this;
    }

    public Locator status() {
        return page.locator("#run-status");
    }

    public Locator l1Accuracy() {
        return page.locator("#l1-accuracy");
    }

    public Locator rmseAccuracy() {
        return page.locator("#rmse-accuracy");
    }

    public Locator chart() {
        return page.locator("#accuracy-chart");
    }

    public Locator idealThree() {
        return page.locator("#mean3");
    }

    /** Parses "95.1%" into 0.951. */
    public static double percent(String text) {
        return Double.parseDouble(text.replace("%", "").strip()) / 100;
    }
}
