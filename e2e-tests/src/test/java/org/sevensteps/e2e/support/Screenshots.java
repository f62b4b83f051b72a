package org.sevensteps.e2e.support;

import com.microsoft.playwright.Page;
import java.nio.file.Path;

/** Screenshots of a whole lesson: the app layout scrolls inside itself, so the viewport is made as tall as the lesson. */
public final class Screenshots {
    private Screenshots() {}

    /** Saves the whole lesson at the page's current width to {@code target/screenshots/{name}.png}, then restores the viewport. */
    public static void wholeLesson(Page page, String name) {
        var size = page.viewportSize();
        int height = ((Number) page.evaluate("() => Math.ceil(document.querySelector('.lesson').scrollHeight) + 80")).intValue();
        page.setViewportSize(size.width, Math.min(height, 12_000));
        page.waitForTimeout(300); // let the charts resize
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")));
        page.setViewportSize(size.width, size.height);
    }
}
