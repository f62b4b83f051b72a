package org.sevensteps.engine.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.tensor.Rng;

/**
 * JMH microbenchmarks of the kernels that dominate workloads D and E, on the CPU backend with one
 * thread: the three matmuls of a 784→50 linear layer on a batch of 64 (D), and the forward and
 * backward of the three convolutions of the CNN on a batch of 64 (E). The time per call is the
 * number to compare with the FLOPs in the name: e.g. conv 16x14→16 forward is 14.5 MFLOP.
 * Run: {@code ./sevensteps bench --jmh} (all of them) or {@code ./sevensteps bench --jmh conv} (those
 * whose name matches), or {@code ./mvnw -pl engine-tornado -Pjmh test -Djmh.args="..."}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class KernelBenchmarks {

    /** D's first layer: x (64,784), W (50,784); 5.0 MFLOP per matmul. */
    @State(Scope.Thread)
    public static class Linear {
        final Backend cpu = Backends.select("cpu", 1).backend();
        final int B = 64, IN = 784, OUT = 50;
        float[] x, w, out, dout, dx, dw;

        @Setup
        public void setup() {
            Rng rng = new Rng(1);
            x = new float[B * IN]; w = new float[OUT * IN]; dout = new float[B * OUT];
            rng.fillNormal(x); rng.fillNormal(w); rng.fillNormal(dout);
            out = new float[B * OUT]; dx = new float[B * IN]; dw = new float[OUT * IN];
        }
    }

    @Benchmark
    public float[] linearForwardNT(Linear s) {
        s.cpu.matmulNT(s.out, s.x, s.w, s.B, s.IN, s.OUT);
        return s.out;
    }

    @Benchmark
    public float[] linearInputGradNN(Linear s) {
        s.cpu.matmulNN(s.dx, s.dout, s.w, s.B, s.OUT, s.IN);
        return s.dx;
    }

    @Benchmark
    public float[] linearWeightGradTN(Linear s) {
        s.cpu.matmulTN(s.dw, s.dout, s.x, s.OUT, s.B, s.IN);
        return s.dw;
    }

    /** One of E's convolutions, 3×3, stride 2, padding 1, batch 64: "C×H→OC". */
    @State(Scope.Thread)
    public static class Conv {
        @Param({"1x28->16", "16x14->16", "16x7->10"})
        public String layer;

        final Backend cpu = Backends.select("cpu", 1).backend();
        int B = 64, C, H, OC, OH;
        float[] x, w, bias, out, dout, dx, dw, dbias;

        @Setup
        public void setup() {
            String[] p = layer.split("x|->");
            C = Integer.parseInt(p[0]); H = Integer.parseInt(p[1]); OC = Integer.parseInt(p[2]);
            OH = (H + 2 - 3) / 2 + 1;
            Rng rng = new Rng(1);
            x = new float[B * C * H * H]; w = new float[OC * C * 9]; bias = new float[OC]; dout = new float[B * OC * OH * OH];
            rng.fillNormal(x); rng.fillNormal(w); rng.fillNormal(bias); rng.fillNormal(dout);
            out = new float[dout.length]; dx = new float[x.length]; dw = new float[w.length]; dbias = new float[OC];
        }

        Object forward() {
            return cpu.conv2d(out, x, w, bias, B, C, H, H, OC, 3, 3, 2, 1, OH, OH);
        }
    }

    @Benchmark
    public Object convForward(Conv s) {
        Object saved = s.forward();
        s.cpu.conv2dBackward(saved, null, null, null, s.dout, s.x, s.w, s.B, s.C, s.H, s.H, s.OC, 3, 3, 2, 1, s.OH, s.OH);
        return saved; // the empty backward only hands the saved buffer back, as in training
    }

    @Benchmark
    public float[] convForwardAndBackward(Conv s) {
        Object saved = s.forward();
        // the first layer of a network needs no input gradient
        s.cpu.conv2dBackward(saved, s.C == 1 ? null : s.dx, s.dw, s.dbias, s.dout, s.x, s.w, s.B, s.C, s.H, s.H, s.OC, 3, 3, 2, 1, s.OH, s.OH);
        return s.dw;
    }
}
