package org.sevensteps.engine.backend.tornado;

import org.junit.jupiter.api.Assumptions;
import org.sevensteps.engine.backend.Backends;

/**
 * Skips a test class, with a message, when what it needs is missing. The message also goes to
 * standard output: Surefire counts a class skipped in {@code @BeforeAll} as "Tests run: 0" and shows
 * no reason.
 */
final class TornadoSkip {
    private TornadoSkip() {}

    /** Skips unless the JVM was started with TornadoVM's argfile. */
    static void unlessRuntimePresent() {
        unless(Backends.tornadoRuntimePresent(), "TornadoVM runtime not present: skipped. Build a TornadoVM SDK "
                + "(README, section GPU), export TORNADOVM_HOME, then run ./sevensteps test --tornado");
    }

    /** Skips, printing {@code message} with the calling test class's name, unless {@code condition}. */
    static void unless(boolean condition, String message) {
        if (!condition) {
            String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(s -> s
                    .map(f -> f.getDeclaringClass()).filter(c -> c != TornadoSkip.class).findFirst().orElseThrow()).getSimpleName();
            System.out.println(caller + ": " + message);
        }
        Assumptions.assumeTrue(condition, message);
    }
}
