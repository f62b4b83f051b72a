package org.sevensteps.e2e.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.stream.Collectors;

/** axe-core, run inside the page: the test fails on any serious or critical accessibility violation. */
public final class Accessibility {
    private Accessibility() {}

    /** Checks the whole page as it is now (after the student's interactions). */
    public static void assertNoSeriousViolations(Page page) {
        AxeResults results = new AxeBuilder(page).analyze();
        List<Rule> bad = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .toList();
        String report = bad.stream()
                .map(r -> r.getImpact() + " " + r.getId() + ": " + r.getHelp() + " at "
                        + r.getNodes().stream().map(n -> String.valueOf(n.getTarget())).limit(5).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"));
        assertTrue(bad.isEmpty(), "axe found serious or critical violations on " + page.url() + ":\n" + report);
    }
}
