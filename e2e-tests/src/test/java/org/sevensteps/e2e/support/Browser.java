package org.sevensteps.e2e.support;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Tracing;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: one Chromium (Debian's, at {@code /usr/bin/chromium}; Playwright downloads
 * nothing) per test class, a fresh context and page per test, tracing on. When a test fails, its
 * screenshot and trace are saved under {@code target/e2e-failures/}.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final Path FAILURES = Path.of("target", "e2e-failures");

    private Playwright playwright;
    private com.microsoft.playwright.Browser chromium;
    private BrowserContext context;
    private Page page;
    private final java.util.List<BrowserContext> others = new java.util.ArrayList<>();

    /** The page of the running test. */
    public Page page() {
        return page;
    }

    /** A page in a new browser context: another person, with cookies of their own. Closed after the test. */
    public Page anotherPerson() {
        BrowserContext c = chromium.newContext(new NewContextOptions().setViewportSize(1280, 900));
        others.add(c);
        Page p = c.newPage();
        p.setDefaultTimeout(60_000);
        return p;
    }

    @Override
    public void beforeAll(ExtensionContext ctx) {
        // A first page load on a busy two-core machine can take several seconds.
        PlaywrightAssertions.setDefaultAssertionTimeout(60_000);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        String executable = System.getProperty("chromium.path", "/usr/bin/chromium");
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(executable))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @Override
    public void beforeEach(ExtensionContext ctx) {
        context = chromium.newContext(new NewContextOptions().setViewportSize(1280, 900));
        context.tracing().start(new Tracing.StartOptions().setScreenshots(true).setSnapshots(true));
        page = context.newPage();
        page.setDefaultTimeout(60_000); // a busy two-core CI machine
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        String name = ctx.getRequiredTestClass().getSimpleName() + "-" + ctx.getRequiredTestMethod().getName();
        if (ctx.getExecutionException().isPresent()) {
            page.screenshot(new Page.ScreenshotOptions().setPath(FAILURES.resolve(name + ".png")).setFullPage(true));
            context.tracing().stop(new Tracing.StopOptions().setPath(FAILURES.resolve(name + "-trace.zip")));
        } else {
            context.tracing().stop();
        }
        context.close();
        others.forEach(BrowserContext::close);
        others.clear();
    }

    @Override
    public void afterAll(ExtensionContext ctx) {
        if (chromium != null) chromium.close();
        if (playwright != null) playwright.close();
    }
}
