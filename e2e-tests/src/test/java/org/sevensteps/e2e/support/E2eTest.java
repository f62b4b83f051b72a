package org.sevensteps.e2e.support;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every end-to-end test starts from: the packaged server (one per test JVM, see
 * {@link ServerProcess#start}) and a Chromium page per test, with screenshot and trace on failure.
 */
public abstract class E2eTest {
    @RegisterExtension
    protected static final Browser browser = new Browser();
    protected static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start();
    }
}
