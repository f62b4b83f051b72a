package org.sevensteps.engine.backend.tornado;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.backend.Device;
import org.sevensteps.engine.backend.Traffic;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The TornadoVM backend: the kernels of {@link Backend} as TaskGraphs over {@link TornadoKernels},
 * which run the reference kernels' own per-element methods on the device. Two ways to use it:
 *
 * <p><b>Training</b> (a {@code Learner.fit}): through {@link #device()}, each batch shape's training
 * step is recorded once and replayed as one {@link TornadoProgram}; the parameters and the
 * optimizer's state stay on the device between batches, and only the batch, the model's output
 * and its gradient move ({@code docs/gpu.md}). With {@code -Dsevensteps.tornado.resident=false}
 * training runs op by op as below instead.
 *
 * <p><b>Op by op</b> (everything else: a forward pass for a snapshot, classifying a drawn digit): one
 * graph per (op, shape), built on first use, warmed up (compiled) at once and reused for every later
 * call of that shape. Each graph owns host staging buffers: a call copies its arguments in, executes
 * (the graph moves them to the device and the results back), and copies the results out. Within one
 * call, a convolution's im2col columns never leave the device; between calls nothing stays there.
 * The ops without a graph here (bias add, pooling, the optimizers) run the reference on the host.
 *
 * <p>With a fallback backend (what {@code auto} uses), a graph that fails to compile for some shape is
 * logged once and that op, at that shape, runs on the fallback; without one the failure is thrown.
 * {@link #traffic()} counts the bytes both ways move.
 */
public final class TornadoBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(TornadoBackend.class.getName());
    private static final AtomicInteger GRAPHS = new AtomicInteger();

    private final Backend fallback;
    /** Graphs kept at once; each holds device buffers, and students may try many batch sizes. */
    static final int MAX_GRAPHS = 64;

    private final int maxGraphs;

    /** The compiled graphs by (op, shape), least recently used first; guarded by this. */
    private final Map<String, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Plan> eldest) {
            if (size() <= maxGraphs) return false;
            eldest.getValue().close();
            return true;
        }
    };
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final String device;
    private final TornadoDevice programs;
    private final boolean resident;

    /** A strict backend: a graph that fails to compile throws. */
    public TornadoBackend() {
        this(null);
    }

    /**
     * A backend whose ops fall back to {@code fallback} (may be null: none) where a graph fails to
     * compile. Compiles and checks one small matmul first, so a broken runtime fails here, at once.
     */
    public TornadoBackend(Backend fallback) {
        this(fallback, MAX_GRAPHS);
    }

    /** With at most {@code maxGraphs} graphs kept; the least recently used one is freed first. */
    TornadoBackend(Backend fallback, int maxGraphs) {
        this(fallback, maxGraphs, !"false".equals(System.getProperty("sevensteps.tornado.resident")));
    }

    /**
     * With at most {@code maxGraphs} graphs kept; {@code resident}: training keeps the model on the
     * device ({@link #device()}), else it runs op by op.
     */
    TornadoBackend(Backend fallback, int maxGraphs, boolean resident) {
        this.fallback = fallback;
        this.maxGraphs = maxGraphs;
        this.resident = resident;
        uk.ac.manchester.tornado.api.common.TornadoDevice d = TornadoExecutionPlan.getDevice(0, 0);
        this.device = d.getDescription() + " (" + d.getPlatformName().trim() + ")";
        this.programs = new TornadoDevice(device, fallback != null ? fallback : Backends.cpu(Runtime.getRuntime().availableProcessors()));
        selfCheck();
    }

    /** The same device, without keeping models there: training runs op by op (to measure what residency saves). */
    public TornadoBackend opByOp() {
        return new TornadoBackend(fallback, maxGraphs, false);
    }

    /**
     * The device, where a training step runs as one program with the model's parameters and
     * optimizer state kept in device memory; null when made {@link #opByOp()} (or with
     * {@code -Dsevensteps.tornado.resident=false}).
     */
    @Override
    public Device device() {
        return resident ? programs : null;
    }

    /** Bytes moved between host and device so far, by the per-op graphs and the programs. */
    public Traffic traffic() {
        return programs.traffic();
    }

    /** Training programs built so far (a program given back is reused for the next of the same model and shape). */
    public int programsCompiled() {
        return programs.compiled();
    }

    @Override
    public String name() {
        return "tornado";
    }

    /** The device the graphs run on, as OpenCL names it, e.g. "pthread-... (Portable Computing Language)". */
    public String deviceName() {
        return device;
    }

    /** "tornado on DEVICE", for logs and the bench table. */
    @Override
    public String toString() {
        return "tornado on " + device;
    }

    /** How many (op, shape) graphs have been compiled so far. */
    public synchronized int graphs() {
        return plans.size();
    }

    /** The (op, shape) keys of the graphs compiled so far, e.g. "matmulNT 64x784x50". */
    public synchronized Set<String> graphKeys() {
        return Set.copyOf(plans.keySet());
    }

    /** The (op, shape) keys whose graph failed to compile and ran on the fallback instead. */
    public Set<String> fellBack() {
        return Set.copyOf(failed);
    }

    @Override
    public void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) {
        Plan p = plan("matmulNN " + M + "x" + K + "x" + N, () -> {
            float[] o = new float[M * N], x = new float[M * K], y = new float[K * N];
            TaskGraph g = graph("nn").transferToDevice(DataTransferMode.EVERY_EXECUTION, o, x, y)
                    .task("t", TornadoKernels::matmulNN, o, x, y, M, K, N, 0)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(g, new float[][] {o, x, y}, new float[][] {o});
        });
        if (p == null) fallback.matmulNN(out, a, b, M, K, N);
        else p.run(new float[][] {out, a, b}, new float[][] {out});
    }

    @Override
    public void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) {
        Plan p = plan("matmulNT " + M + "x" + K + "x" + N, () -> {
            float[] o = new float[M * N], x = new float[M * K], y = new float[N * K];
            TaskGraph g = graph("nt").transferToDevice(DataTransferMode.EVERY_EXECUTION, o, x, y)
                    .task("t", TornadoKernels::matmulNT, o, x, y, M, K, N, 0)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(g, new float[][] {o, x, y}, new float[][] {o});
        });
        if (p == null) fallback.matmulNT(out, a, b, M, K, N);
        else p.run(new float[][] {out, a, b}, new float[][] {out});
    }

    @Override
    public void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) {
        Plan p = plan("matmulTN " + M + "x" + K + "x" + N, () -> {
            float[] o = new float[M * N], x = new float[K * M], y = new float[K * N];
            TaskGraph g = graph("tn").transferToDevice(DataTransferMode.EVERY_EXECUTION, o, x, y)
                    .task("t", TornadoKernels::matmulTN, o, x, y, M, K, N, 0)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(g, new float[][] {o, x, y}, new float[][] {o});
        });
        if (p == null) fallback.matmulTN(out, a, b, M, K, N);
        else p.run(new float[][] {out, a, b}, new float[][] {out});
    }

    @Override
    public void im2col(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
        int n = C * KH * KW * B * OH * OW;
        Plan p = plan("im2col " + geometry(B, C, H, W, 0, KH, KW, stride, pad), () -> {
            float[] c = new float[n], xi = new float[B * C * H * W];
            TaskGraph g = graph("im2col").transferToDevice(DataTransferMode.EVERY_EXECUTION, xi)
                    .task("t", TornadoKernels::im2col, c, xi, B, C, H, W, KH, KW, stride, pad, OH, OW, n)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, c);
            return new Plan(g, new float[][] {xi}, new float[][] {c});
        });
        if (p == null) fallback.im2col(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW);
        else p.run(new float[][] {x}, new float[][] {col});
    }

    @Override
    public void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
        int n = B * C * H * W;
        Plan p = plan("col2im " + geometry(B, C, H, W, 0, KH, KW, stride, pad), () -> {
            float[] d = new float[n], dc = new float[C * KH * KW * B * OH * OW];
            TaskGraph g = graph("col2im").transferToDevice(DataTransferMode.EVERY_EXECUTION, d, dc)
                    .task("t", TornadoKernels::col2im, d, dc, B, C, H, W, KH, KW, stride, pad, OH, OW, n, 0)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, d);
            return new Plan(g, new float[][] {d, dc}, new float[][] {d});
        });
        if (p == null) fallback.col2im(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW);
        else p.run(new float[][] {dx, dcol}, new float[][] {dx});
    }

    /**
     * One graph for the whole layer: im2col, the matmul and the reorder to NCHW with the bias run back
     * to back on the device; only x, w, bias go in and out comes back.
     */
    @Override
    public Object conv2d(float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                       int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        int P = OH * OW, CKK = C * KH * KW, BP = B * P;
        Plan p = plan("conv2d " + geometry(B, C, H, W, OC, KH, KW, stride, pad), () -> {
            float[] o = new float[B * OC * P], xi = new float[B * C * H * W], wi = new float[OC * CKK], bi = new float[OC];
            float[] col = new float[CKK * BP], ycol = new float[OC * BP]; // device-only
            TaskGraph g = graph("conv")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, col, ycol)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, xi, wi, bi)
                    .task("im2col", TornadoKernels::im2col, col, xi, B, C, H, W, KH, KW, stride, pad, OH, OW, CKK * BP)
                    .task("matmul", TornadoKernels::matmulNN, ycol, wi, col, OC, CKK, BP, 1)
                    .task("toImage", TornadoKernels::colToImage, o, ycol, bi, B, OC, P, B * OC * P)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(g, new float[][] {xi, wi, bi}, new float[][] {o});
        });
        if (p == null) return fallback.conv2d(out, x, w, bias, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        p.run(new float[][] {x, w, bias}, new float[][] {out});
        return null; // nothing kept: the backward unfolds x again on the device
    }

    /**
     * One graph for the layer's backward: dout is reordered to columns and summed for the bias, x is
     * unfolded again (cheaper than keeping the forward's columns), then dW = dycol·colᵀ and
     * dx = col2im(Wᵀ·dycol), each only when wanted. The columns never leave the device.
     */
    @Override
    public void conv2dBackward(Object saved, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                               int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        int P = OH * OW, CKK = C * KH * KW, BP = B * P;
        boolean wantDx = dx != null, wantDw = dw != null;
        Plan p = plan("conv2dBackward " + geometry(B, C, H, W, OC, KH, KW, stride, pad) + (wantDx ? " dx" : "") + (wantDw ? " dw" : ""), () -> {
            float[] dxi = new float[B * C * H * W], dwi = new float[OC * CKK], dbi = new float[OC];
            float[] douti = new float[B * OC * P], xi = new float[B * C * H * W], wi = new float[OC * CKK];
            float[] dycol = new float[OC * BP], col = new float[CKK * BP], dcol = new float[CKK * BP]; // device-only
            List<float[]> in = new ArrayList<>(List.of(dbi, douti)), out = new ArrayList<>(List.of(dbi));
            List<float[]> scratch = new ArrayList<>(List.of(dycol));
            if (wantDw) { in.add(dwi); in.add(xi); out.add(dwi); scratch.add(col); }
            if (wantDx) { in.add(dxi); in.add(wi); out.add(dxi); scratch.add(dcol); }
            TaskGraph g = graph("convBack")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, scratch.toArray())
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in.toArray())
                    .task("toCols", TornadoKernels::colToImageBackward, dycol, douti, B, OC, P, B * OC * P)
                    .task("bias", TornadoKernels::biasGrad, dbi, douti, B, OC, P, 0);
            if (wantDw) {
                g.task("im2col", TornadoKernels::im2col, col, xi, B, C, H, W, KH, KW, stride, pad, OH, OW, CKK * BP)
                        .task("dw", TornadoKernels::matmulNT, dwi, dycol, col, OC, BP, CKK, 0);
            }
            if (wantDx) {
                g.task("dcol", TornadoKernels::matmulTN, dcol, wi, dycol, CKK, OC, BP, 1)
                        .task("col2im", TornadoKernels::col2im, dxi, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW, B * C * H * W, 0);
            }
            g.transferToHost(DataTransferMode.EVERY_EXECUTION, out.toArray());
            return new Plan(g, in.toArray(new float[0][]), out.toArray(new float[0][]));
        });
        if (p == null) {
            fallback.conv2dBackward(saved, dx, dw, dbias, dout, x, w, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
            return;
        }
        List<float[]> in = new ArrayList<>(List.of(dbias != null ? dbias : new float[OC], dout));
        List<float[]> out = new ArrayList<>(List.of(in.get(0)));
        if (wantDw) { in.add(dw); in.add(x); out.add(dw); }
        if (wantDx) { in.add(dx); in.add(w); out.add(dx); }
        p.run(in.toArray(new float[0][]), out.toArray(new float[0][]));
    }

    @Override
    public void relu(float[] out, float[] a, int n) {
        Plan p = plan("relu " + n, () -> {
            float[] o = new float[n], x = new float[n];
            TaskGraph g = graph("relu").transferToDevice(DataTransferMode.EVERY_EXECUTION, x)
                    .task("t", TornadoKernels::relu, o, x, n)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(g, new float[][] {x}, new float[][] {o});
        });
        if (p == null) fallback.relu(out, a, n);
        else p.run(new float[][] {a}, new float[][] {out});
    }

    @Override
    public void reluBackward(float[] da, float[] dout, float[] out, int n) {
        Plan p = plan("reluBackward " + n, () -> {
            float[] d = new float[n], g0 = new float[n], o = new float[n];
            TaskGraph g = graph("reluBack").transferToDevice(DataTransferMode.EVERY_EXECUTION, d, g0, o)
                    .task("t", TornadoKernels::reluBackward, d, g0, o, n, 0)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, d);
            return new Plan(g, new float[][] {d, g0, o}, new float[][] {d});
        });
        if (p == null) fallback.reluBackward(da, dout, out, n);
        else p.run(new float[][] {da, dout, out}, new float[][] {da});
    }

    private static String geometry(int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad) {
        return B + "x" + C + "x" + H + "x" + W + " oc" + OC + " k" + KH + "x" + KW + " s" + stride + " p" + pad;
    }

    private static TaskGraph graph(String op) {
        return new TaskGraph(op + GRAPHS.incrementAndGet());
    }

    /** The plan for key, built (and warmed up) on first use; null when it failed and a fallback takes over. */
    private synchronized Plan plan(String key, Supplier<Plan> build) {
        Plan p = plans.get(key);
        if (p != null || failed.contains(key)) return p;
        try {
            p = build.get();
        } catch (RuntimeException | LinkageError e) {
            if (fallback == null) throw new IllegalStateException("TornadoVM graph for " + key + " failed: " + e, e);
            failed.add(key);
            LOG.log(System.Logger.Level.WARNING, "TornadoVM graph for {0} failed to compile, that op runs on {1}: {2}",
                    key, fallback.name(), String.valueOf(e));
            return null;
        }
        plans.put(key, p);
        return p;
    }

    /** A tiny matmul on the device against the reference: proves the runtime compiles and runs a graph. */
    private void selfCheck() {
        int M = 3, K = 5, N = 7;
        float[] a = new float[M * K], b = new float[K * N], out = new float[M * N], ref = new float[M * N];
        for (int i = 0; i < a.length; i++) a[i] = (i % 7) - 3f;
        for (int i = 0; i < b.length; i++) b[i] = (i % 5) * 0.5f - 1f;
        Backend.reference().matmulNN(ref, a, b, M, K, N);
        Backend strict = fallback == null ? this : new TornadoBackend(null, device, programs);
        strict.matmulNN(out, a, b, M, K, N);
        for (int i = 0; i < out.length; i++) {
            if (Math.abs(out[i] - ref[i]) > 1e-4f)
                throw new IllegalStateException("TornadoVM self-check failed on " + device + ": matmul element " + i
                        + " is " + out[i] + ", expected " + ref[i]);
        }
    }

    private TornadoBackend(Backend fallback, String device, TornadoDevice programs) {
        this.fallback = fallback;
        this.maxGraphs = MAX_GRAPHS;
        this.device = device;
        this.programs = programs;
        this.resident = false;
    }

    /** One compiled task graph for one op at one shape, with the host buffers it reads and writes. */
    private final class Plan {
        private final float[][] in, out;
        private final TornadoExecutionPlan exec;
        private final long inBytes, outBytes;

        /** Snapshots the graph and runs it once: the warm-up compiles its kernels for this shape. */
        Plan(TaskGraph graph, float[][] in, float[][] out) {
            ImmutableTaskGraph itg = graph.snapshot();
            this.in = in;
            this.out = out;
            long i = 0, o = 0;
            for (float[] a : in) i += 4L * a.length;
            for (float[] a : out) o += 4L * a.length;
            this.inBytes = i;
            this.outBytes = o;
            this.exec = new TornadoExecutionPlan(itg);
            exec.execute();
        }

        private boolean closed;

        /** Copies src into the staging buffers, executes, copies the results into dst. */
        synchronized void run(float[][] src, float[][] dst) {
            if (closed) throw new IllegalStateException("graph evicted while in use"); // one run at a time: not seen
            for (int i = 0; i < in.length; i++) System.arraycopy(src[i], 0, in[i], 0, in[i].length);
            exec.execute();
            for (int i = 0; i < out.length; i++) System.arraycopy(out[i], 0, dst[i], 0, out[i].length);
            programs.counted(inBytes, outBytes);
        }

        /** Frees the graph's device buffers (evicted from the cache). */
        synchronized void close() {
            closed = true;
            try {
                exec.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing a TornadoVM graph: {0}", String.valueOf(e));
            }
        }
    }
}
