package org.sevensteps.engine.backend.tornado;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.BackendContract;
import org.sevensteps.engine.backend.Backends;

/**
 * The backend contract ({@link BackendContract}, shared with the CPU backend's test) on the TornadoVM
 * device, plus what only this backend does: its graph cache and {@code auto}. Runs under
 * {@code -Ptornado}, whose Surefire argLine starts the JVM with TornadoVM's argfile and
 * {@code -Dtornado.recover.bailout=False}: a kernel that does not compile fails instead of quietly
 * running on the host. Without the runtime every test is skipped, saying why.
 */
@Timeout(600)
class TornadoBackendTest extends BackendContract {
    static TornadoBackend be;

    @BeforeAll
    static void device() {
        TornadoSkip.unlessRuntimePresent();
        be = new TornadoBackend(); // strict: no fallback
        System.out.println("TornadoBackendTest on " + be.deviceName() + ", bailout " + System.getProperty("tornado.recover.bailout"));
    }

    @Override
    protected Backend backend() {
        return be;
    }

    @Test
    void autoPicksTornadoWhenTheRuntimeIsPresent() {
        Backends.Selection s = Backends.select("auto", 1);
        assertEquals("tornado", s.backend().name(), s.reason());
        assertEquals("TornadoVM runtime present", s.reason());
        assertSame(s.backend(), Backends.select("tornado", 1).backend(), "one backend per process: it holds the graphs");
    }

    @Test
    void eachShapeCompilesOneGraphOnce() {
        TornadoBackend fresh = new TornadoBackend();
        int before = fresh.graphs();
        float[] out = new float[6], a = new float[6], b = new float[9];
        for (int i = 0; i < 3; i++) fresh.matmulNN(out, a, b, 2, 3, 3);
        fresh.matmulNN(new float[4], new float[6], new float[6], 2, 3, 2);
        assertEquals(before + 2, fresh.graphs());
    }

    @Test
    void theLeastRecentlyUsedGraphIsFreedBeyondTheLimit() {
        TornadoBackend small = new TornadoBackend(null, 2);
        float[] a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1, 0, 0, 1};
        for (int n = 1; n <= 3; n++) small.matmulNN(new float[2 * n], a, b, 2, 3, n);
        assertEquals(java.util.Set.of("matmulNN 2x3x2", "matmulNN 2x3x3"), small.graphKeys());
        float[] out = new float[2];
        small.matmulNN(out, a, b, 2, 3, 1); // compiled again
        assertArrayEquals(new float[] {1, 4}, out, 1e-6f); // b read as (3,1): 1, 0, 0
        assertEquals(2, small.graphs());
    }
}
