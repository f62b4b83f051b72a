package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.pages.StepLessonPage;
import org.sevensteps.e2e.support.Accessibility;
import org.sevensteps.e2e.support.E2eTest;
import org.sevensteps.e2e.support.Screenshots;

@Timeout(180)
class StudentStepsTheRollerCoasterTest extends E2eTest {

    @Test
    void studentStepsAndTrainsTheQuadraticThenWatchesALargeLearningRateDiverge() {
        Page page = browser.page();
        page.setViewportSize(1280, 800);
        StepLessonPage lesson = new StepLessonPage(page).open(server.baseUrl(), "?seed=42&lr=1e-5");
        assertThat(lesson.stepCount()).hasText("0");
        double start = lesson.loss();

        // One Step: one apply_step, its gradients and new parameters printed, the loss lower.
        lesson.click("step");
        assertThat(lesson.stepCount()).hasText("1");
        assertThat(lesson.log()).containsText("step 1  lr 1e-5");
        double afterOne = lesson.loss();
        assertTrue(afterOne < start, "one step lowers the loss: " + start + " -> " + afterOne);
        assertThat(lesson.answer("q-step", lesson.param("a").textContent())).hasAttribute("data-right", "true");

        // Train 20 more: the loss keeps falling.
        lesson.stepsPerTrain("20").click("train");
        assertThat(lesson.stepCount()).hasText("21");
        double afterTraining = lesson.loss();
        assertTrue(afterTraining < afterOne / 10, "training lowers the loss: " + afterOne + " -> " + afterTraining);
        assertThat(page).hasURL(Pattern.compile(".*run=21x1e-5.*"));
        assertThat(page).hasURL(Pattern.compile(".*[?&]n=20(&|$).*"));
        page.locator("#fit-plot canvas[data-animating=false]").waitFor(); // the replay of the 20 steps has finished
        Screenshots.wholeLesson(page, "step");

        // The link is the whole state: a classmate who opens it sees the same step, fields and numbers.
        String a = lesson.param("a").textContent();
        Page friend = browser.anotherPerson();
        StepLessonPage shared = new StepLessonPage(friend).open(server.baseUrl(), page.url().substring(page.url().indexOf('?')));
        assertThat(shared.stepCount()).hasText("21");
        assertThat(shared.param("a")).hasText(a);
        assertThat(friend.locator("#steps input")).hasValue("20");
        assertThat(friend.locator("#lr input")).hasValue("1e-5");
        assertThat(shared.answer("q-step", a)).hasAttribute("data-right", "true");
        friend.locator("#steps input").fill("7");
        friend.locator("#steps input").press("Enter");
        assertThat(friend).hasURL(Pattern.compile(".*[?&]n=7(&|$).*"));

        // Bad learning rates get a message, and no step is taken.
        lesson.learningRate("fast").click("step");
        assertThat(lesson.error()).containsText("must be a number");
        lesson.learningRate("5").click("step");
        assertThat(lesson.error()).containsText("between 1e-8 and 0.01");
        assertThat(lesson.stepCount()).hasText("21");

        // Too large a learning rate: the loss grows every step until it overflows.
        lesson.click("reset").click("lr-large").stepsPerTrain("40").click("train");
        assertThat(lesson.stepCount()).hasText("40");
        assertThat(lesson.fitText()).containsText("no longer a finite number");
        assertThat(lesson.compareText()).containsText("lr 1e-4 (too large) → infinity");
        Accessibility.assertNoSeriousViolations(page);
        page.setViewportSize(820, 1180);
        Screenshots.wholeLesson(page, "step-tablet");
    }
}
