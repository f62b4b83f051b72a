package org.sevensteps.engine.backend.tornado;

import org.junit.jupiter.api.Assumptions;
import org.sevensteps.engine.backend.Backends;

/** Skips a test class, with a message, when the JVM was not started with TornadoVM's argfile. */
final class TornadoSkip {
    private TornadoSkip() {}

    static void unlessRuntimePresent() {
        Assumptions.assumeTrue(Backends.tornadoRuntimePresent(),
                "TornadoVM runtime not present: skipped. Build a TornadoVM SDK (README, section GPU), "
                        + "export TORNADOVM_HOME, then run ./sevensteps test --tornado");
    }
}
