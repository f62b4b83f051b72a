package org.sevensteps.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.e2e.support.E2eTest;
import org.sevensteps.e2e.support.Pen;

/**
 * A student sets up a widget, copies the address bar and sends it: a classmate who opens the link sees
 * the same thing. Lesson 1's digit against the ideals (a validation digit, or a drawing) and lesson 7's
 * hand-made filter (digit, nine weights, stride, padding), beside the training settings.
 */
@Timeout(180)
class StudentSharesALinkToALessonsWidgetTest extends E2eTest {

    @Test
    void lessonOnesDigitOrDrawingComesBackFromTheLink() {
        Page ada = browser.page();
        ada.navigate(server.baseUrl() + "lessons/baseline");
        ada.locator("#judge-seven").click();
        assertThat(ada.locator("#judge-verdict")).containsText("A validation 7.");
        String index = ada.locator("#judge-digit").getAttribute("data-index");
        ada.waitForURL(Pattern.compile(".*[?&]digit=" + index + "$"));
        String l1 = ada.locator("#judge-table").textContent();

        Page bo = browser.anotherPerson();
        bo.navigate(ada.url());
        assertThat(bo.locator("#judge-verdict")).containsText("A validation 7.");
        assertThat(bo.locator("#judge-digit")).hasAttribute("data-index", index);
        assertThat(bo.locator("#judge-table")).hasText(l1);

        Pen.drawSeven(ada, ada.locator("#judge-pad"));
        ada.locator("#judge-drawing").click();
        assertThat(ada.locator("#judge-verdict")).containsText("Your drawing. Both distances say 7.");
        ada.waitForURL(Pattern.compile(".*[?&]drawing=[A-Za-z0-9_-]{1046}$"));
        String drawn = ada.locator("#judge-table").textContent();
        bo.navigate(ada.url());
        assertThat(bo.locator("#judge-verdict")).containsText("Your drawing. Both distances say 7.");
        assertThat(bo.locator("#judge-table")).hasText(drawn);
        assertThat(bo.locator("#judge-digit")).not().hasAttribute("data-index", Pattern.compile(".*"));

        bo.navigate(server.baseUrl() + "lessons/baseline?digit=1"); // validation digit 1 is a 2
        assertThat(bo.locator("#judge-verdict")).containsText("A validation 3.");
        assertThat(bo.locator("#judge-error")).containsText("digit=1 is not the index of a validation 3 or 7");
    }

    @Test
    void lessonSevensHandMadeFilterComesBackFromTheLinkBesideTheTrainingSettings() {
        Page ada = browser.page();
        ada.setViewportSize(1280, 800);
        ada.navigate(server.baseUrl() + "lessons/cnn?epochs=2&seed=77");
        assertThat(ada.locator("#conv-output")).hasAttribute("data-side", "28");
        ada.locator("#conv-another").click();
        ada.locator("#conv-stride").click();
        ada.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("2")).click();
        ada.locator("#conv-padding").click();
        ada.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("0")).click();
        assertThat(ada.locator("#conv-output")).hasAttribute("data-side", "13");
        ada.locator("#conv-w4").fill("2.5");
        ada.locator("#conv-w4").press("Enter");
        ada.waitForURL(weights("-1,-1,-1,0,2.5,0,1,1,1"));
        assertThat(ada.locator("#conv-filter")).containsText("your own");
        String digit = ada.locator("#conv-input").getAttribute("data-index");
        String url = ada.url();
        assertTrue(url.contains("conv_digit=" + digit) && url.contains("conv_stride=2") && url.contains("conv_padding=0"), url);
        assertTrue(url.contains("seed=77") && url.contains("epochs=2"), "the training settings stay in the link: " + url);

        Page bo = browser.anotherPerson();
        bo.setViewportSize(1280, 800);
        bo.navigate(url);
        assertThat(bo.locator("#conv-input")).hasAttribute("data-index", digit);
        assertThat(bo.locator("#conv-w4")).hasValue("2.5");
        assertThat(bo.locator("#conv-w0")).hasValue("-1");
        assertThat(bo.locator("#conv-output")).hasAttribute("data-side", "13");
        assertThat(bo.locator("#conv-size")).containsText("(28 + 2×0 − 3) ÷ 2 + 1 = 13");
        assertThat(bo.locator("#conv-filter")).containsText("your own");
        assertThat(bo.locator("#seed input")).hasValue("77");
        assertEquals(url, bo.url(), "the page writes back the link it was opened with");

        // Choosing a preset fills the nine weights.
        bo.locator("#conv-filter").click();
        bo.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("left edges")).click();
        assertThat(bo.locator("#conv-w0")).hasValue("-1");
        assertThat(bo.locator("#conv-w4")).hasValue("0");
        assertThat(bo.locator("#conv-w2")).hasValue("1");
        bo.waitForURL(weights("-1,0,1,-1,0,1,-1,0,1"));
    }

    /** A URL whose conv_weights are {@code csv}, the commas written as they are or encoded. */
    private static Pattern weights(String csv) {
        return Pattern.compile(".*[?&]conv_weights=" + Pattern.quote(csv).replace(",", "\\E(,|%2C)\\Q") + "(&.*)?$");
    }
}
