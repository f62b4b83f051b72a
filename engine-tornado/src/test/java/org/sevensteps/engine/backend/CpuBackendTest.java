package org.sevensteps.engine.backend;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.sevensteps.engine.backend.cpu.CpuBackend;
import org.sevensteps.engine.tensor.Rng;

/** The CPU backend against the reference kernels, and against itself at other thread counts. */
class CpuBackendTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {64, 784, 50}, {50, 64, 784}, {16, 144, 3136}, {13, 31, 29}, {4, 9, 17}};

    interface Mm { void run(Backend be, float[] out, float[] a, float[] b, int M, int K, int N); }

    private static void compare(String name, Mm mm) {
        Rng rng = new Rng(11);
        for (int[] s : SHAPES) {
            int M = s[0], K = s[1], N = s[2];
            float[] a = new float[M * K], b = new float[K * N], init = new float[M * N];
            rng.fillNormal(a);
            rng.fillNormal(b);
            rng.fillNormal(init);
            float[] ref = init.clone();
            mm.run(Backend.reference(), ref, a, b, M, K, N);
            float[] one = null;
            for (int threads : new int[] {1, 2, 3}) {
                float[] out = init.clone();
                mm.run(new CpuBackend(threads), out, a, b, M, K, N);
                double maxdiff = 0;
                for (int i = 0; i < out.length; i++) maxdiff = Math.max(maxdiff, Math.abs(out[i] - ref[i]));
                assertTrue(maxdiff < 1e-4 * Math.sqrt(K) + 1e-5, name + " " + M + "x" + K + "x" + N + " maxdiff " + maxdiff);
                if (one == null) one = out;
                else assertArrayEquals(one, out, name + " at " + threads + " threads differs from 1 thread");
            }
        }
    }

    @Test
    void matmulNNMatchesTheReferenceAtAnyThreadCount() {
        compare("NN", (be, o, a, b, M, K, N) -> be.matmulNN(o, a, b, M, K, N));
    }

    @Test
    void matmulNTMatchesTheReferenceAtAnyThreadCount() {
        compare("NT", (be, o, a, b, M, K, N) -> be.matmulNT(o, a, b, M, K, N));
    }

    @Test
    void matmulTNMatchesTheReferenceAtAnyThreadCount() {
        compare("TN", (be, o, a, b, M, K, N) -> be.matmulTN(o, a, b, M, K, N));
    }

    @Test
    void autoPicksCpuAndSaysWhyWithoutTheTornadoRuntime() {
        Backends.Selection s = Backends.select("auto", 1);
        assertEquals("cpu", s.backend().name());
        assertEquals("TornadoVM runtime not present", s.reason());
        assertEquals(1, s.backend().threads());
        assertEquals(2, Backends.select("cpu", 2).backend().threads());
    }

    @Test
    void explicitTornadoWithoutTheRuntimeIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("tornado", 1));
        assertTrue(e.getMessage().contains("TornadoVM runtime is not present"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.select("gpu", 1));
    }

    @Test
    void aScopeSetsTheBackendForThisThreadOnly() {
        Backend one = Backends.select("cpu", 1).backend();
        try (var s = Backends.use(one)) {
            assertSame(one, Backends.current());
        }
        assertNotSame(one, Backends.current());
    }
}
