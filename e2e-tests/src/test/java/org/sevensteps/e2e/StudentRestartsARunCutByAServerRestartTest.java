package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sevensteps.e2e.pages.TeacherDashboardPage;
import org.sevensteps.e2e.pages.TrainingLessonPage;
import org.sevensteps.e2e.support.Browser;
import org.sevensteps.e2e.support.ServerProcess;

/**
 * The server is killed in the middle of a student's run and started again on the same database: the
 * student sees the run interrupted with its finished epoch kept, the teacher sees it too, and the
 * student restarts it with the same seed, which repeats the same first epoch.
 */
@Timeout(300)
class StudentRestartsARunCutByAServerRestartTest {
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final ContainsTextOptions SLOW = new ContainsTextOptions().setTimeout(90_000);

    ServerProcess server;

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    @Test
    void aRunCutByARestartKeepsItsFinishedEpochAndRestartsWithTheSameSeed() throws Exception {
        Path db = Files.createTempDirectory("sevensteps-e2e-restart").resolve("classroom.db");
        server = ServerProcess.launch(db, 0);
        Page teacher = browser.page();
        String code = new TeacherDashboardPage(teacher).signIn(server.teacherSignInLink()).createClass("Restart");

        Page ada = browser.anotherPerson();
        ada.navigate(server.baseUrl() + "join");
        ada.locator("#join-code input").fill(code);
        ada.locator("#join-name input").fill("Ada");
        ada.locator("#join-button").click();
        ada.waitForURL(server.baseUrl());

        // Five epochs of 4 batches (4096 images each): step through the first epoch, one batch a step. Its 4
        // training batches show in the status; the validation pass then runs on its own (a Step trains a batch).
        TrainingLessonPage lesson = new TrainingLessonPage(ada).open(server.baseUrl(), "validate", "epochs=5&lr=1&batch_size=4096&seed=7");
        for (int batch = 1; batch <= 4; batch++) {
            lesson.step();
            assertThat(lesson.status()).containsText("Paused after batch " + batch + " of epoch 1", SLOW);
        }
        assertThat(lesson.panel()).hasAttribute("data-epochs", "1");
        ada.waitForTimeout(1000);
        assertEquals("1", lesson.panel().getAttribute("data-epochs"), "the run holds after its first epoch");
        double epoch1 = Double.parseDouble(lesson.panel().getAttribute("data-accuracy"));
        String percent = String.format(Locale.ROOT, "%.1f%%", epoch1 * 100);
        String runId = lesson.status().getAttribute("data-run");

        server.kill(); // SIGKILL in the middle of the run: nothing is written on the way down
        server = ServerProcess.launch(db, server.port()); // same database, same address

        // The old page lost its server-side state with the server (Vaadin may reload it by itself): reload it.
        // The student's table of runs comes from the database.
        ada.reload();
        Locator row = ada.locator("#your-runs tr[data-run='" + runId + "']");
        assertThat(row).containsText("interrupted");
        assertThat(row).containsText("1 of 5");
        assertThat(row).containsText(percent);
        assertThat(row).containsText("7");
        assertThat(ada.locator("#compare-accuracy")).hasAttribute("data-points", "1"); // its line, on the side-by-side charts
        assertThat(ada.locator("#compare-loss")).hasAttribute("data-points", "1");

        // The teacher's dashboard shows it interrupted, and the curve of its finished epoch.
        try {
            teacher.navigate(server.baseUrl() + "teacher");
        } catch (PlaywrightException e) {
            // its old page, like the student's, may reload itself now that the server is back: that lands on the same page
            if (!e.getMessage().contains("interrupted by another navigation")) throw e;
            teacher.waitForLoadState();
        }
        Locator runs = teacher.locator("#runs");
        assertThat(runs).containsText("interrupted", SLOW);
        runs.getByText("interrupted").first().click();
        assertThat(teacher.locator("#run-curve")).hasAttribute("data-points", "1");

        // Restart: the same spec and seed run again, and the first epoch comes out the same.
        row.locator(".restart-run").click();
        lesson.awaitDone(120);
        assertEquals("5", lesson.panel().getAttribute("data-epochs"));
        Object again = ada.evaluate("() => SevenSteps.chartOf(document.querySelector('#accuracy-chart canvas')).data.datasets[0].data[0].y");
        assertEquals(epoch1, ((Number) again).doubleValue(), 1e-9, "same seed, same first epoch");
        assertThat(ada.locator("#your-runs tr[data-state='done']")).containsText("7");
        assertThat(ada.locator("#your-runs tr[data-state='done']")).containsText("5");
        lesson.screenshot("restart-after-a-server-restart");
    }
}
