package org.sevensteps.engine.backend;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.backend.cpu.CpuBackend;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.nn.Conv2d;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/**
 * The CPU backend against the reference kernels ({@link BackendContract}, at 1 and 3 threads), the
 * reference against itself (the contract's own check), the same result at any thread count, and how
 * a backend is picked.
 */
class CpuBackendTest {

    @Nested
    class Reference extends BackendContract {
        @Override
        protected Backend backend() {
            return Backend.reference();
        }
    }

    @Nested
    class OneThread extends BackendContract {
        private final Backend be = new CpuBackend(1);

        @Override
        protected Backend backend() {
            return be;
        }
    }

    @Nested
    class ThreeThreads extends BackendContract {
        private final Backend be = new CpuBackend(3);

        @Override
        protected Backend backend() {
            return be;
        }
    }

    private static final int[][] SHAPES = {{3, 5, 7}, {64, 784, 50}, {50, 64, 784}, {16, 144, 3136}, {13, 31, 29}};

    @Test
    void matmulsGiveTheSameBitsAtAnyThreadCount() {
        Rng rng = new Rng(11);
        for (int[] s : SHAPES) {
            int M = s[0], K = s[1], N = s[2];
            float[] a = new float[M * K], b = new float[K * N], bt = new float[N * K], at = new float[K * M];
            rng.fillNormal(a); rng.fillNormal(b); rng.fillNormal(bt); rng.fillNormal(at);
            float[][] one = null;
            for (int threads : new int[] {1, 2, 3}) {
                Backend be = new CpuBackend(threads);
                float[] nn = new float[M * N], nt = new float[M * N], tn = new float[M * N];
                be.matmulNN(nn, a, b, M, K, N);
                be.matmulNT(nt, a, bt, M, K, N);
                be.matmulTN(tn, at, b, M, K, N);
                float[][] got = {nn, nt, tn};
                if (one == null) one = got;
                else for (int i = 0; i < 3; i++) assertArrayEquals(one[i], got[i], "matmul " + i + " at " + threads + " threads differs from 1 thread");
            }
        }
    }

    @Test
    void convolutionGivesTheSameBitsAtAnyThreadCount() {
        Rng rng = new Rng(5);
        for (int[] c : BackendContract.CONVS) {
            int B = c[0], C = c[1], H = c[2], W = c[3], OC = c[4], K = c[5], S = c[6], P = c[7];
            int OH = (H + 2 * P - K) / S + 1, OW = (W + 2 * P - K) / S + 1;
            float[] x = new float[B * C * H * W], w = new float[OC * C * K * K], bias = new float[OC], dout = new float[B * OC * OH * OW];
            rng.fillNormal(x); rng.fillNormal(w); rng.fillNormal(bias); rng.fillNormal(dout);
            float[][] one = null;
            for (int threads : new int[] {1, 2, 3}) {
                float[][] got = BackendContract.conv(new CpuBackend(threads), x, w, bias, dout, B, C, H, W, OC, K, S, P, OH, OW);
                if (one == null) one = got;
                else for (int i = 0; i < 4; i++) assertArrayEquals(one[i], got[i], "conv output " + i + " at " + threads + " threads differs from 1 thread");
            }
        }
    }

    @Test
    void aConvolutionWithoutGraphGivesItsSplitInputBackForTheNextForward() {
        Tensor x = Tensor.randn(new Rng(3), 8, 1, 28, 28);
        Conv2d conv = new Conv2d(1, 4, 3, 2, 1, new Rng(4));
        List<Object> kept = new ArrayList<>(), discarded = new ArrayList<>();
        CpuBackend cpu = new CpuBackend(1);
        Backend watching = new Backend() { // the CPU backend, watched: what conv2d keeps, what is let go
            public String name() { return "cpu"; }
            public Object conv2d(float[] out, float[] in, float[] w, float[] b, int B, int C, int H, int W, int OC, int KH, int KW, int s, int p, int OH, int OW) {
                Object saved = cpu.conv2d(out, in, w, b, B, C, H, W, OC, KH, KW, s, p, OH, OW);
                kept.add(saved);
                return saved;
            }
            public void conv2dDiscard(Object saved) { discarded.add(saved); cpu.conv2dDiscard(saved); }
        };
        try (var use = Backends.use(watching); var off = NoGrad.scope()) {
            conv.forward(x);
            conv.forward(x);
        }
        assertEquals(2, discarded.size(), "each forward without a graph lets go of what it kept");
        assertSame(kept.get(0), kept.get(1), "the second forward puts its input into the buffer the first gave back");
        try (var use = Backends.use(watching)) {
            conv.forward(x).sum().backward(); // with a graph, the backward consumes it: nothing discarded
        }
        assertEquals(2, discarded.size());
    }

    @Test
    void autoPicksCpuAndSaysWhyWithoutTheTornadoRuntime() {
        assumeFalse(Backends.tornadoRuntimePresent(), "the JVM runs TornadoVM (-Ptornado): TornadoBackendTest covers auto");
        Backends.Selection s = Backends.select("auto", 1);
        assertEquals("cpu", s.backend().name());
        assertEquals("TornadoVM runtime not present", s.reason());
        assertEquals(1, s.backend().threads());
        assertEquals(2, Backends.select("cpu", 2).backend().threads());
    }

    @Test
    void explicitTornadoWithoutTheRuntimeIsAClearError() {
        assumeFalse(Backends.tornadoRuntimePresent(), "the JVM runs TornadoVM (-Ptornado)");
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
