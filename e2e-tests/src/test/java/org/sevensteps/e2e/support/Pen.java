package org.sevensteps.e2e.support;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;

/** Draws on a drawing pad with the mouse, as a student does with a finger. */
public final class Pen {
    private Pen() {}

    /** A 7 on {@code pad}, whatever its size: a bar across the top, then a stroke down to the left. */
    public static void drawSeven(Page page, Locator pad) {
        pad.scrollIntoViewIfNeeded();
        var box = pad.boundingBox();
        page.mouse().move(box.x + 0.20 * box.width, box.y + 0.20 * box.height);
        page.mouse().down();
        page.mouse().move(box.x + 0.77 * box.width, box.y + 0.20 * box.height, new Mouse.MoveOptions().setSteps(10));
        page.mouse().move(box.x + 0.41 * box.width, box.y + 0.87 * box.height, new Mouse.MoveOptions().setSteps(10));
        page.mouse().up();
    }
}
