package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.pages.TeacherDashboardPage;
import org.sevensteps.e2e.support.Accessibility;
import org.sevensteps.e2e.support.E2eTest;

@Timeout(240)
class TeacherWatchesTwoStudentsTest extends E2eTest {

    @Test
    void twoStudentsCannotSeeEachOthersRunsWhileTheTeacherSeesBothLive() throws Exception {
        Page teacher = browser.page();
        String code = new TeacherDashboardPage(teacher).signIn(server.teacherSignInLink()).createClass("Year 11");

        Page ada = join(code, "Ada"), bo = join(code, "Bo");
        String adaRun = runBaseline(ada);
        runBaseline(bo);

        // Bo's browser asks for Ada's run: refused, by the API and by the socket.
        assertEquals(403, bo.request().get(server.baseUrl() + "api/runs/" + adaRun).status());
        Object socket = bo.evaluate("id => new Promise(r => { const ws = new WebSocket(`ws://${location.host}/ws/runs/${id}`);"
                + " ws.onopen = () => r('open'); ws.onerror = () => r('refused'); })", adaRun);
        assertEquals("refused", socket);

        // The teacher's dashboard fills in without a reload.
        var students = teacher.locator("#students");
        assertThat(students).containsText("Ada");
        assertThat(students).containsText("Bo");
        assertThat(students).containsText("95.1%", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        assertThat(teacher.locator("#runs")).containsText("done");
        assertTrue(teacher.locator("#students").textContent().contains("baseline"), "the lesson each student has open");
        Accessibility.assertNoSeriousViolations(teacher);
        teacher.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "screenshots",
                "teacher-dashboard.png")).setFullPage(true));
    }

    private Page join(String code, String name) {
        Page p = browser.anotherPerson();
        p.navigate(server.baseUrl() + "join");
        Accessibility.assertNoSeriousViolations(p);
        p.locator("#join-code input").fill(code);
        p.locator("#join-name input").fill(name);
        p.locator("#join-button").click();
        assertThat(p.locator("#join-message")).containsText("Welcome, " + name);
        p.waitForURL(server.baseUrl());
        assertThat(p.locator("#identity")).containsText(name + " · Year 11");
        return p;
    }

    /** Runs lesson 1 in the student's page and returns the run id the page follows. */
    private String runBaseline(Page p) {
        p.navigate(server.baseUrl() + "lessons/baseline");
        p.locator("#run-baseline").click();
        assertThat(p.locator("#run-status")).containsText("Done", new LocatorAssertions.ContainsTextOptions().setTimeout(90_000));
        return p.locator("#run-status").getAttribute("data-run");
    }
}
