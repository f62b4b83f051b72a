package org.sevensteps.e2e.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.regex.Pattern;

/** The teacher's dashboard ({@code /teacher}), as the teacher uses it. */
public final class TeacherDashboardPage {
    private final Page page;

    public TeacherDashboardPage(Page page) {
        this.page = page;
    }

    /** Follows the one-time sign-in link the server printed; it lands on the dashboard. */
    public TeacherDashboardPage signIn(String link) {
        page.navigate(link);
        page.waitForURL(Pattern.compile(".*/teacher$"));
        return this;
    }

    /** Creates a class and returns its code, as the dashboard shows it. */
    public String createClass(String name) {
        page.locator("#new-class-name input").fill(name);
        page.locator("#create-class").click();
        assertThat(page.locator("#class-code")).containsText("Class code: ");
        return page.locator("#class-code").textContent().replace("Class code: ", "").strip();
    }
}
