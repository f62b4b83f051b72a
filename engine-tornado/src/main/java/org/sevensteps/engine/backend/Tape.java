package org.sevensteps.engine.backend;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend that records every call it gets, in order, while {@code host} computes it: one training
 * step (or forward pass) recorded this way is the program a device can then replay for every later
 * batch of the same shape ({@link Program}). Nothing else of the step is seen, so a step is recordable
 * only when every op of its model goes through the backend; {@link Program} checks that.
 *
 * <p>Besides the calls, the tape notes what a replay needs to start from the same place:
 * <ul>
 *   <li>the value of each array the step read before writing it (its input, parameters, optimizer
 *       state, constants), copied at its first use;
 *   <li>for each {@code +=} into an array, whether it starts a new sum: the array holds zeros and was
 *       last only read, or never seen (a fresh buffer, or one the engine recycled after its last
 *       reader). A replay must clear such an array first, as the host did by allocating it.
 * </ul>
 */
public final class Tape implements Backend {
    /** One recorded call: its op, its arguments split by type, and which arrays must be cleared first. */
    public record Call(Op op, float[][] arrays, int[] ints, float[] floats, boolean[] clearFirst) {}

    /** What the tape knows about one array. */
    private static final class Seen {
        float[] before; // its value at first use, when that use reads it
        Op.Access last;
    }

    private final Backend host;
    private final List<Call> calls = new ArrayList<>();
    private final Map<float[], Seen> seen = new IdentityHashMap<>();
    private int mark = -1;

    /** A tape whose calls are computed by {@code host} as they are recorded. */
    public Tape(Backend host) {
        this.host = host;
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public int threads() {
        return host.threads();
    }

    /** The calls so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Marks the end of the forward pass: the calls from here on are the backward pass and the update. */
    public void markForwardEnd() {
        mark = calls.size();
    }

    /** Where the backward pass starts (the number of forward calls), or -1 when not marked. */
    public int forwardEnd() {
        return mark;
    }

    /** The value {@code a} had when the step first read it, or null when the step wrote it first or never used it. */
    public float[] before(float[] a) {
        Seen s = seen.get(a);
        return s == null ? null : s.before;
    }

    private void record(Op op, float[][] arrays, int[] ints, float... floats) {
        boolean[] clear = new boolean[arrays.length];
        for (int k = 0; k < arrays.length; k++) {
            float[] a = arrays[k];
            if (a == null) continue;
            Op.Access access = op.access(k);
            Seen s = seen.get(a);
            boolean fresh = s == null || s.last == Op.Access.READ;
            if (s == null) {
                s = new Seen();
                if (access != Op.Access.WRITE) s.before = a.clone();
                seen.put(a, s);
            }
            clear[k] = access == Op.Access.UPDATE && fresh && allZero(a);
            s.last = access;
        }
        calls.add(new Call(op, arrays, ints, floats, clear));
    }

    private static boolean allZero(float[] a) {
        for (float v : a) if (v != 0f) return false;
        return true;
    }

    private static int[] ints(int... v) {
        return v;
    }

    @Override
    public void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) {
        record(Op.MATMUL_NN, new float[][] {out, a, b}, ints(M, K, N));
        host.matmulNN(out, a, b, M, K, N);
    }

    @Override
    public void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) {
        record(Op.MATMUL_NT, new float[][] {out, a, b}, ints(M, K, N));
        host.matmulNT(out, a, b, M, K, N);
    }

    @Override
    public void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) {
        record(Op.MATMUL_TN, new float[][] {out, a, b}, ints(M, K, N));
        host.matmulTN(out, a, b, M, K, N);
    }

    @Override
    public void im2col(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
        record(Op.IM2COL, new float[][] {col, x}, ints(B, C, H, W, KH, KW, stride, pad, OH, OW));
        host.im2col(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW);
    }

    @Override
    public void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
        record(Op.COL2IM, new float[][] {dx, dcol}, ints(B, C, H, W, KH, KW, stride, pad, OH, OW));
        host.col2im(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW);
    }

    @Override
    public Object conv2d(float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                         int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        record(Op.CONV2D, new float[][] {out, x, w, bias}, ints(B, C, H, W, OC, KH, KW, stride, pad, OH, OW));
        return host.conv2d(out, x, w, bias, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
    }

    @Override
    public void conv2dDiscard(Object saved) {
        host.conv2dDiscard(saved); // the host's buffers: nothing for the device to replay
    }

    @Override
    public void conv2dBackward(Object saved, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                               int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        record(Op.CONV2D_BACKWARD, new float[][] {dx, dw, dbias, dout, x, w}, ints(B, C, H, W, OC, KH, KW, stride, pad, OH, OW));
        host.conv2dBackward(saved, dx, dw, dbias, dout, x, w, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
    }

    @Override
    public void relu(float[] out, float[] a, int n) {
        record(Op.RELU, new float[][] {out, a}, ints(n));
        host.relu(out, a, n);
    }

    @Override
    public void reluBackward(float[] da, float[] dout, float[] out, int n) {
        record(Op.RELU_BACKWARD, new float[][] {da, dout, out}, ints(n));
        host.reluBackward(da, dout, out, n);
    }

    @Override
    public void addBias(float[] out, float[] bias, int R, int C) {
        record(Op.ADD_BIAS, new float[][] {out, bias}, ints(R, C));
        host.addBias(out, bias, R, C);
    }

    @Override
    public void addBiasBackward(float[] dbias, float[] dout, int R, int C) {
        record(Op.ADD_BIAS_BACKWARD, new float[][] {dbias, dout}, ints(R, C));
        host.addBiasBackward(dbias, dout, R, C);
    }

    @Override
    public void avgPool(float[] out, float[] x, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        record(Op.AVG_POOL, new float[][] {out, x}, ints(B, C, H, W, K, stride, OH, OW));
        host.avgPool(out, x, B, C, H, W, K, stride, OH, OW);
    }

    @Override
    public void avgPoolBackward(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        record(Op.AVG_POOL_BACKWARD, new float[][] {dx, dout}, ints(B, C, H, W, K, stride, OH, OW));
        host.avgPoolBackward(dx, dout, B, C, H, W, K, stride, OH, OW);
    }

    @Override
    public void accumulate(float[] da, float[] dout, int n) {
        record(Op.ACCUMULATE, new float[][] {da, dout}, ints(n));
        host.accumulate(da, dout, n);
    }

    @Override
    public void sgd(float[] p, float[] buf, float[] g, float lr, float momentum, float weightDecay, boolean firstStep, int n) {
        record(Op.SGD, new float[][] {p, buf, g}, ints(n), lr, momentum, weightDecay, firstStep ? 1f : 0f);
        host.sgd(p, buf, g, lr, momentum, weightDecay, firstStep, n);
    }

    @Override
    public void adam(float[] p, float[] m, float[] v, float[] g, float lr, float b1, float b2, float eps,
                     float weightDecay, float bc1, float bc2, int n) {
        record(Op.ADAM, new float[][] {p, m, v, g}, ints(n), lr, b1, b2, eps, weightDecay, bc1, bc2);
        host.adam(p, m, v, g, lr, b1, b2, eps, weightDecay, bc1, bc2, n);
    }
}
