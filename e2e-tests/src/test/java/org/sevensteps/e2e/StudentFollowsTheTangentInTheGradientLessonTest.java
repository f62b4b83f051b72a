package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.pages.GradientLessonPage;
import org.sevensteps.e2e.support.Accessibility;
import org.sevensteps.e2e.support.E2eTest;
import org.sevensteps.e2e.support.Screenshots;

@Timeout(180)
class StudentFollowsTheTangentInTheGradientLessonTest extends E2eTest {

    @Test
    void studentMovesThePointReadsTheSlopesAndWatchesGradientsAccumulate() {
        Page page = browser.page();
        page.setViewportSize(1280, 800);
        GradientLessonPage lesson = new GradientLessonPage(page).open(server.baseUrl(), "?x=3");

        // x² at 3: slope 6, from the engine's backward(), matched by a finite difference.
        assertThat(lesson.slope()).containsText("x.grad = 6.0000");
        assertThat(lesson.numeric()).containsText("autograd: 6.0000");
        lesson.nudgeX(-10);
        assertThat(lesson.slope()).containsText("f(2.0) = 4.00; backward() gives x.grad = 4.0000");
        assertThat(page.locator("#tangent-plot-text")).containsText("slope is 4.00");

        // sum(x²) for [3, 4, 10]: [6, 8, 20]; a second backward adds; zero_grad clears; no_grad refuses.
        assertThat(lesson.grad()).containsText("x.grad = [6, 8, 20]");
        lesson.click("backward-again");
        assertThat(lesson.grad()).containsText("x.grad = [12, 16, 40]");
        lesson.click("zero-grad");
        assertThat(lesson.grad()).containsText("x.grad = [0, 0, 0]");
        lesson.click("no-grad").click("backward-again");
        assertThat(lesson.gradError()).containsText("does not require grad");
        lesson.typeValues("3, four");
        assertThat(lesson.gradError()).containsText("\"four\" is not a number");

        // The graph of L = (a·b + c)² at a=2, b=-3, c=10: six nodes, values and gradients on each.
        assertThat(lesson.graph()).hasAttribute("data-nodes", "6");
        assertThat(lesson.graphText()).containsText("a = 2 (gradient -24)");
        assertThat(lesson.graphText()).containsText("L = 16 (gradient 1)");
        assertTrue(Double.parseDouble(lesson.handDiff("w1").textContent()) < 1e-4, "by hand agrees with autograd");

        assertThat(lesson.answer("q-slope", "4")).hasAttribute("data-right", "true");
        assertThat(lesson.answer("q-accumulate", "6")).hasAttribute("data-right", "false");

        Screenshots.wholeLesson(page, "gradient");
        Accessibility.assertNoSeriousViolations(page);
    }
}
