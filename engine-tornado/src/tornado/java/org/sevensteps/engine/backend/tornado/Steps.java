package org.sevensteps.engine.backend.tornado;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sevensteps.engine.backend.Program;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * The tasks of a {@link Program}'s steps, over the program's slot arrays {@code mem}: one task per
 * step, several for a convolution (its columns are device-only scratch arrays made here). Planned
 * first, so that the graph can declare the scratch arrays before its tasks, then added.
 */
final class Steps {
    private final float[][] mem;
    private final float[] hyper;
    private final float[] dummy = new float[1]; // SGD's momentum buffer when it has none
    private final List<Object> scratch = new ArrayList<>();
    private final List<Consumer<TaskGraph>> tasks = new ArrayList<>();
    private boolean dummyUsed;

    Steps(float[][] mem, float[] hyper) {
        this.mem = mem;
        this.hyper = hyper;
    }

    /** Device-only arrays the tasks use besides the slots: convolution columns, a dummy buffer. */
    List<Object> scratch() {
        List<Object> all = new ArrayList<>(scratch);
        if (dummyUsed) all.add(dummy);
        return all;
    }

    /** Adds the planned tasks to {@code g}, in order. */
    void addTo(TaskGraph g) {
        for (Consumer<TaskGraph> t : tasks) t.accept(g);
    }

    private float[] scratch(int n) {
        float[] a = new float[n];
        scratch.add(a);
        return a;
    }

    private void task(Consumer<TaskGraph> t) {
        tasks.add(t);
    }

    private String id() {
        return "t" + tasks.size();
    }

    /** Plans the tasks of one step. */
    void plan(Program.Step st) {
        int[] s = st.slots(), i = st.ints();
        float[] f = st.floats();
        boolean[] clear = st.clearFirst();
        float[] a0 = at(s, 0), a1 = at(s, 1), a2 = at(s, 2);
        int c0 = clear[0] ? 1 : 0;
        switch (st.op()) {
            case MATMUL_NN -> { String id = id(); task(g -> g.task(id, TornadoKernels::matmulNN, a0, a1, a2, i[0], i[1], i[2], c0)); }
            case MATMUL_NT -> { String id = id(); task(g -> g.task(id, TornadoKernels::matmulNT, a0, a1, a2, i[0], i[1], i[2], c0)); }
            case MATMUL_TN -> { String id = id(); task(g -> g.task(id, TornadoKernels::matmulTN, a0, a1, a2, i[0], i[1], i[2], c0)); }
            case IM2COL -> {
                int n = i[1] * i[4] * i[5] * i[0] * i[8] * i[9];
                String id = id();
                task(g -> g.task(id, TornadoKernels::im2col, a0, a1, i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], i[9], n));
            }
            case COL2IM -> {
                int n = i[0] * i[1] * i[2] * i[3];
                String id = id();
                task(g -> g.task(id, TornadoKernels::col2im, a0, a1, i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], i[9], n, c0));
            }
            case CONV2D -> conv(a0, a1, a2, at(s, 3), i);
            case CONV2D_BACKWARD -> convBackward(at(s, 0), at(s, 1), at(s, 2), at(s, 3), at(s, 4), at(s, 5), clear, i);
            case RELU -> { String id = id(); task(g -> g.task(id, TornadoKernels::relu, a0, a1, i[0])); }
            case RELU_BACKWARD -> { String id = id(); task(g -> g.task(id, TornadoKernels::reluBackward, a0, a1, a2, i[0], c0)); }
            case ADD_BIAS -> { String id = id(); task(g -> g.task(id, TornadoKernels::addBias, a0, a1, i[1], i[0] * i[1], c0)); }
            case ADD_BIAS_BACKWARD -> { String id = id(); task(g -> g.task(id, TornadoKernels::addBiasBackward, a0, a1, i[0], i[1], c0)); }
            case AVG_POOL -> {
                int n = i[0] * i[1] * i[6] * i[7];
                String id = id();
                task(g -> g.task(id, TornadoKernels::avgPool, a0, a1, i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], n));
            }
            case AVG_POOL_BACKWARD -> {
                int n = i[0] * i[1] * i[2] * i[3];
                String id = id();
                task(g -> g.task(id, TornadoKernels::avgPoolBackward, a0, a1, i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], n, c0));
            }
            case ACCUMULATE -> { String id = id(); task(g -> g.task(id, TornadoKernels::accumulate, a0, a1, i[0], c0)); }
            case SGD -> {
                float[] buf = a1 != null ? a1 : dummy;
                dummyUsed |= a1 == null;
                int h = st.hyper();
                String id = id();
                task(g -> g.task(id, TornadoKernels::sgd, a0, buf, a2, hyper, h, f[1], f[2], i[0]));
            }
            case ADAM -> {
                float[] g3 = at(s, 3);
                int h = st.hyper();
                String id = id();
                task(g -> g.task(id, TornadoKernels::adam, a0, a1, a2, g3, hyper, h, f[1], f[2], f[3], f[4], i[0]));
            }
        }
    }

    private float[] at(int[] slots, int k) {
        return k < slots.length && slots[k] >= 0 ? mem[slots[k]] : null;
    }

    /** Forward convolution: im2col, one matmul for the batch (into cleared columns), reorder to NCHW plus bias. */
    private void conv(float[] out, float[] x, float[] w, float[] bias, int[] i) {
        int B = i[0], C = i[1], H = i[2], W = i[3], OC = i[4], KH = i[5], KW = i[6], stride = i[7], pad = i[8], OH = i[9], OW = i[10];
        int P = OH * OW, CKK = C * KH * KW, BP = B * P;
        float[] col = scratch(CKK * BP), ycol = scratch(OC * BP);
        String a = id();
        task(g -> g.task(a, TornadoKernels::im2col, col, x, B, C, H, W, KH, KW, stride, pad, OH, OW, CKK * BP));
        String b = id();
        task(g -> g.task(b, TornadoKernels::matmulNN, ycol, w, col, OC, CKK, BP, 1));
        String c = id();
        task(g -> g.task(c, TornadoKernels::colToImage, out, ycol, bias, B, OC, P, B * OC * P));
    }

    /** Backward convolution, each of dx, dw, dbias only when wanted (non-null); see TornadoBackend.conv2dBackward. */
    private void convBackward(float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w, boolean[] clear, int[] i) {
        int B = i[0], C = i[1], H = i[2], W = i[3], OC = i[4], KH = i[5], KW = i[6], stride = i[7], pad = i[8], OH = i[9], OW = i[10];
        int P = OH * OW, CKK = C * KH * KW, BP = B * P;
        float[] dycol = scratch(OC * BP);
        String a = id();
        task(g -> g.task(a, TornadoKernels::colToImageBackward, dycol, dout, B, OC, P, B * OC * P));
        if (dbias != null) {
            int cb = clear[2] ? 1 : 0;
            String b = id();
            task(g -> g.task(b, TornadoKernels::biasGrad, dbias, dout, B, OC, P, cb));
        }
        if (dw != null) {
            float[] col = scratch(CKK * BP);
            int cw = clear[1] ? 1 : 0;
            String b = id();
            task(g -> g.task(b, TornadoKernels::im2col, col, x, B, C, H, W, KH, KW, stride, pad, OH, OW, CKK * BP));
            String c = id();
            task(g -> g.task(c, TornadoKernels::matmulNT, dw, dycol, col, OC, BP, CKK, cw));
        }
        if (dx != null) {
            float[] dcol = scratch(CKK * BP);
            int cx = clear[0] ? 1 : 0;
            String b = id();
            task(g -> g.task(b, TornadoKernels::matmulTN, dcol, w, dycol, CKK, OC, BP, 1));
            String c = id();
            task(g -> g.task(c, TornadoKernels::col2im, dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW, B * C * H * W, cx));
        }
    }
}
