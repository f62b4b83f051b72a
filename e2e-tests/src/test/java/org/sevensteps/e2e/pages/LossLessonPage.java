package org.sevensteps.e2e.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Lesson 2 (loss), as a student sees it. */
public final class LossLessonPage {
    private final Page page;

    public LossLessonPage(Page page) {
        this.page = page;
    }

    public LossLessonPage open(String baseUrl, String query) {
        page.navigate(baseUrl + "lessons/loss" + query);
        page.locator("#predictions-plot canvas[data-drawn=true]").waitFor();
        return this;
    }

    /** Drags the red point of prediction {@code index} (0-based) on the chart to {@code value}, with the mouse. */
    public LossLessonPage dragPrediction(int index, double value) {
        Locator canvas = page.locator("#predictions-plot canvas");
        canvas.scrollIntoViewIfNeeded();
        @SuppressWarnings("unchecked")
        java.util.List<Number> from = (java.util.List<Number>) canvas.evaluate(
                "(c, [i, v]) => { const ch = SevenSteps.chartOf(c); const p = ch.getDatasetMeta(1).data[i];"
                        + " return [p.x, p.y, ch.scales.y.getPixelForValue(v)]; }", java.util.List.of(index, value));
        var box = canvas.boundingBox();
        double x = box.x + from.get(0).doubleValue(), y = box.y + from.get(1).doubleValue();
        page.mouse().move(x, y);
        page.mouse().down();
        double to = box.y + from.get(2).doubleValue();
        for (int k = 1; k <= 5; k++) page.mouse().move(x, y + (to - y) * k / 5);
        page.mouse().up();
        return this;
    }

    public Locator loss(String kind) {
        return page.locator("#loss-" + kind);
    }

    public Locator slope(String kind, int image) {
        return page.locator("#slope-" + kind + "-" + image);
    }

    public Locator prediction(int image) {
        return page.locator("#prediction-" + image);
    }

    public Locator predictionValue(int image) {
        return page.locator("#prediction-" + image + "-value");
    }

    public Locator accuracy() {
        return page.locator("#accuracy");
    }

    public Locator crossEntropy() {
        return page.locator("#cross-entropy-reading");
    }

    public Locator urlMessage() {
        return page.locator("#url-message");
    }

    /** Answers self-check question {@code id} and returns its verdict. */
    public Locator answer(String id, String text) {
        page.locator("#" + id + "-answer input").fill(text);
        page.locator("#" + id + "-check").click();
        return page.locator("#" + id + "-verdict");
    }
}
