package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions;
import com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.pages.TrainingLessonPage;
import org.sevensteps.e2e.support.E2eTest;

/**
 * A student reloads a training lesson while a run of theirs is paused half-way: the table of runs
 * still lists it (running, paused), its line comes back on the side-by-side charts with the epochs it
 * finished, and when it goes on, the line grows live to its last epoch, each epoch once.
 */
@Timeout(300)
class StudentReloadsTheLessonWhileARunGoesTest extends E2eTest {
    private static final int EPOCHS = 6;

    @Test
    void theSideBySideChartsBringBackAPausedRunAndFollowItLiveToTheEnd() {
        Page page = browser.page();
        // Epochs of 4 training batches (4096 images each): 4 steps an epoch (the validation pass does not hold).
        TrainingLessonPage lesson = new TrainingLessonPage(page).open(server.baseUrl(), "validate",
                "epochs=" + EPOCHS + "&lr=1&batch_size=4096&seed=11");
        lesson.step();
        assertThat(lesson.status()).containsText("Paused after batch 1 of epoch 1", new ContainsTextOptions().setTimeout(60_000));
        for (int i = 1; i < 8; i++) lesson.step();
        assertThat(lesson.panel()).hasAttribute("data-epochs", "2", new HasAttributeOptions().setTimeout(60_000));
        String runId = lesson.status().getAttribute("data-run");

        page.reload();
        Locator row = page.locator("#your-runs tr[data-run='" + runId + "']");
        assertThat(row).hasAttribute("data-state", "running");
        assertThat(row).containsText("2 of " + EPOCHS);
        assertThat(row).containsText("paused");
        Locator accuracy = page.locator("#compare-accuracy");
        assertThat(accuracy).hasAttribute("data-runs", "1");
        assertThat(accuracy).hasAttribute("data-points", "2");

        page.request().post(server.baseUrl() + "api/runs/" + runId + "/resume");
        assertThat(accuracy).hasAttribute("data-points", Integer.toString(EPOCHS), new HasAttributeOptions().setTimeout(60_000));
        assertThat(page.locator("#compare-loss")).hasAttribute("data-points", Integer.toString(EPOCHS));
        assertThat(page.locator("#your-runs tr[data-run='" + runId + "']")).hasAttribute("data-state", "done",
                new HasAttributeOptions().setTimeout(30_000)); // the table hears of its end
        Object epochs = page.evaluate("() => SevenSteps.chartOf(document.querySelector('#compare-accuracy canvas'))"
                + ".data.datasets[0].data.map((p) => p.x)");
        assertEquals(List.of(1, 2, 3, 4, 5, 6), ((List<?>) epochs).stream().map(x -> ((Number) x).intValue()).toList(),
                "every epoch once, in order");
    }
}
