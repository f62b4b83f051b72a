package org.sevensteps.engine.autograd;

import java.util.Arrays;
import java.util.List;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.kernels.Elementwise;
import org.sevensteps.engine.kernels.Matmul;
import org.sevensteps.engine.kernels.Reduce;
import org.sevensteps.engine.tensor.Shape;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Tensor algebra with autograd. Each op computes its output with a kernel, then registers the local
 * chain-rule step that adds into its inputs' gradients (skipping inputs that need none).
 * Binary ops take a second operand that repeats along the first's leading dimensions as it is (the
 * common broadcast); other broadcasts go through {@link #expand}.
 */
public final class Ops {
    private Ops() {}

    // ------------------------------------------------------------ broadcasting

    /** {@code a} stretched to {@code shape} by broadcasting (a copy); {@code a} itself if already that shape. */
    public static Tensor expand(Tensor a, int[] shape) {
        if (Arrays.equals(a.shape(), shape)) return a;
        if (a.numel() >= 16 && isTail(a.shape(), shape)) return tile(a, shape); // long blocks: copy them whole
        int[] index = Shape.broadcastIndex(a.shape(), shape);
        int n = index.length;
        float[] o = new float[n];
        Elementwise.gather(o, a.data(), index, n);
        Tensor out = Tensor.derived(o, shape, "expand", a);
        out.onBackward(() -> Elementwise.scatterAdd(a.gradBuffer(), out.gradBuffer(), index, n));
        return out;
    }

    /** True when {@code to} is {@code from} with dimensions in front (from's own leading 1s aside). */
    private static boolean isTail(int[] from, int[] to) {
        int lead = 0;
        while (lead < from.length && from[lead] == 1) lead++;
        int offset = to.length - from.length;
        if (offset < 0) return false;
        for (int i = lead; i < from.length; i++) if (from[i] != to[offset + i]) return false;
        return true;
    }

    /**
     * The common broadcast, (28,28) against (N,28,28): whole copies of a, one after another, without the
     * index of {@link #expand}. The backward adds each copy's gradient back into a.
     */
    private static Tensor tile(Tensor a, int[] shape) {
        int block = a.numel(), n = Shape.size(shape);
        float[] o = new float[n];
        for (int off = 0; off < n; off += block) System.arraycopy(a.data(), 0, o, off, block);
        Tensor out = Tensor.derived(o, shape, "expand", a);
        out.onBackward(() -> {
            float[] da = a.gradBuffer(), dout = out.gradBuffer();
            for (int off = 0; off < n; off += block) {
                for (int i = 0; i < block; i++) da[i] += dout[off + i];
            }
        });
        return out;
    }

    private static int[] common(Tensor a, Tensor b) {
        return Shape.broadcast(a.shape(), b.shape());
    }

    // ------------------------------------------------------------ binary

    /**
     * The operands of a binary op lined up for the kernels, which take their second operand repeating
     * every m elements of the first: b as it is when its shape is a tail of a's (no copy), a and b
     * swapped when the op commutes and a is the tail, else both expanded to the common shape (m = n).
     */
    private record Operands(Tensor x, Tensor y, int[] shape, int n, int m) {
        static Operands of(Tensor a, Tensor b, boolean commutes) {
            int[] s = common(a, b);
            int n = Shape.size(s);
            if (Arrays.equals(a.shape(), s) && isTail(b.shape(), s)) return new Operands(a, b, s, n, b.numel());
            if (commutes && Arrays.equals(b.shape(), s) && isTail(a.shape(), s)) return new Operands(b, a, s, n, a.numel());
            return new Operands(expand(a, s), expand(b, s), s, n, n);
        }
    }

    /** a + b, broadcasting. */
    public static Tensor add(Tensor a, Tensor b) {
        Operands p = Operands.of(a, b, true);
        Tensor x = p.x(), y = p.y();
        int n = p.n(), m = p.m();
        float[] o = new float[n];
        Elementwise.add(o, x.data(), y.data(), n, m);
        Tensor out = Tensor.derived(o, p.shape(), "add", x, y);
        out.onBackward(() -> {
            if (x.requiresGrad()) Elementwise.accumulate(x.gradBuffer(), out.gradBuffer(), n);
            if (y.requiresGrad()) Elementwise.accumulateScaled(y.gradBuffer(), out.gradBuffer(), 1f, n, m);
        });
        return out;
    }

    /** a - b, broadcasting. */
    public static Tensor sub(Tensor a, Tensor b) {
        Operands p = Operands.of(a, b, false);
        Tensor x = p.x(), y = p.y();
        int n = p.n(), m = p.m();
        float[] o = new float[n];
        Elementwise.sub(o, x.data(), y.data(), n, m);
        Tensor out = Tensor.derived(o, p.shape(), "sub", x, y);
        out.onBackward(() -> {
            if (x.requiresGrad()) Elementwise.accumulate(x.gradBuffer(), out.gradBuffer(), n);
            if (y.requiresGrad()) Elementwise.accumulateScaled(y.gradBuffer(), out.gradBuffer(), -1f, n, m);
        });
        return out;
    }

    /** a * b elementwise, broadcasting. */
    public static Tensor mul(Tensor a, Tensor b) {
        Operands p = Operands.of(a, b, true);
        Tensor x = p.x(), y = p.y();
        int n = p.n(), m = p.m();
        float[] o = new float[n];
        Elementwise.mul(o, x.data(), y.data(), n, m);
        Tensor out = Tensor.derived(o, p.shape(), "mul", x, y);
        out.onBackward(() -> {
            if (x.requiresGrad()) Elementwise.mulBackward(x.gradBuffer(), out.gradBuffer(), y.data(), n, m);
            if (y.requiresGrad()) Elementwise.mulBackwardRepeated(y.gradBuffer(), out.gradBuffer(), x.data(), n, m);
        });
        return out;
    }

    /** a / b elementwise, broadcasting. */
    public static Tensor div(Tensor a, Tensor b) {
        Operands p = Operands.of(a, b, false);
        Tensor x = p.x(), y = p.y();
        int n = p.n(), m = p.m();
        float[] o = new float[n];
        Elementwise.div(o, x.data(), y.data(), n, m);
        Tensor out = Tensor.derived(o, p.shape(), "div", x, y);
        out.onBackward(() -> {
            // one kernel computes both; a scratch buffer stands in for the side that needs no grad
            float[] dx = x.requiresGrad() ? x.gradBuffer() : new float[n];
            float[] dy = y.requiresGrad() ? y.gradBuffer() : new float[m];
            Elementwise.divBackward(dx, dy, out.gradBuffer(), x.data(), y.data(), n, m);
        });
        return out;
    }

    /** where(cond, a, b): a where cond is non-zero, else b; all three broadcast. No gradient to cond. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] s = Shape.broadcast(cond.shape(), common(a, b));
        Tensor c = expand(cond, s), x = expand(a, s), y = expand(b, s);
        int n = x.numel();
        float[] o = new float[n];
        Elementwise.where(o, c.data(), x.data(), y.data(), n);
        Tensor out = Tensor.derived(o, s, "where", x, y);
        out.onBackward(() -> {
            float[] dx = x.requiresGrad() ? x.gradBuffer() : new float[n];
            float[] dy = y.requiresGrad() ? y.gradBuffer() : new float[n];
            Elementwise.whereBackward(dx, dy, out.gradBuffer(), c.data(), n);
        });
        return out;
    }

    // ------------------------------------------------------------ comparisons (0/1 floats, no grad)

    /** 1 where a > b, else 0. Not differentiable: the result records no graph. */
    public static Tensor gt(Tensor a, Tensor b) {
        int[] s = common(a, b);
        float[] x = broadcastData(a, s), y = broadcastData(b, s), o = new float[x.length];
        Elementwise.gt(o, x, y, o.length);
        return Tensor.of(o, s);
    }

    /** 1 where a < b, else 0. */
    public static Tensor lt(Tensor a, Tensor b) {
        int[] s = common(a, b);
        float[] x = broadcastData(a, s), y = broadcastData(b, s), o = new float[x.length];
        Elementwise.lt(o, x, y, o.length);
        return Tensor.of(o, s);
    }

    /** 1 where a == b, else 0. */
    public static Tensor eq(Tensor a, Tensor b) {
        int[] s = common(a, b);
        float[] x = broadcastData(a, s), y = broadcastData(b, s), o = new float[x.length];
        Elementwise.eq(o, x, y, o.length);
        return Tensor.of(o, s);
    }

    private static float[] broadcastData(Tensor a, int[] s) {
        if (Arrays.equals(a.shape(), s)) return a.data();
        int[] index = Shape.broadcastIndex(a.shape(), s);
        float[] o = new float[index.length];
        Elementwise.gather(o, a.data(), index, index.length);
        return o;
    }

    // ------------------------------------------------------------ one input, elementwise

    /** The forward kernel of an elementwise op: o = f(a) over n elements. */
    private interface Forward {
        void run(float[] o, float[] a, int n);
    }

    /** Its backward: da += dout · f'(a), from the input a or the output o, whichever f' needs. */
    private interface Backward {
        void run(float[] da, float[] dout, float[] a, float[] o, int n);
    }

    /** out = f(a), with out's backward wired to {@code backward}. */
    private static Tensor elementwise(Tensor a, String name, Forward forward, Backward backward) {
        int n = a.numel();
        float[] o = new float[n];
        forward.run(o, a.data(), n);
        Tensor out = Tensor.derived(o, a.shape(), name, a);
        out.onBackward(() -> backward.run(a.gradBuffer(), out.gradBuffer(), a.data(), o, n));
        return out;
    }

    /** a + c. */
    public static Tensor addScalar(Tensor a, float c) {
        return elementwise(a, "add", (o, x, n) -> Elementwise.addScalar(o, x, c, n),
                (da, d, x, o, n) -> Elementwise.accumulate(da, d, n));
    }

    /** a * c. */
    public static Tensor mulScalar(Tensor a, float c) {
        return elementwise(a, "mul", (o, x, n) -> Elementwise.mulScalar(o, x, c, n),
                (da, d, x, o, n) -> Elementwise.accumulateScaled(da, d, c, n, n));
    }

    /** -a: a derived op, a times -1. */
    public static Tensor neg(Tensor a) {
        return mulScalar(a, -1f);
    }

    /** a ^ p for a constant exponent. */
    public static Tensor pow(Tensor a, float p) {
        if (p == 2f) return square(a);
        return elementwise(a, "pow", (o, x, n) -> Elementwise.pow(o, x, p, n),
                (da, d, x, o, n) -> Elementwise.powBackward(da, d, x, p, n));
    }

    /** a². */
    public static Tensor square(Tensor a) {
        return elementwise(a, "square", Elementwise::square, (da, d, x, o, n) -> Elementwise.squareBackward(da, d, x, n));
    }

    /** √a. */
    public static Tensor sqrt(Tensor a) {
        return elementwise(a, "sqrt", Elementwise::sqrt, (da, d, x, o, n) -> Elementwise.sqrtBackward(da, d, o, n));
    }

    /** |a|. */
    public static Tensor abs(Tensor a) {
        return elementwise(a, "abs", Elementwise::abs, (da, d, x, o, n) -> Elementwise.absBackward(da, d, x, n));
    }

    /** eᵃ. */
    public static Tensor exp(Tensor a) {
        // d/da eᵃ = eᵃ, which is the output
        return elementwise(a, "exp", Elementwise::exp, (da, d, x, o, n) -> Elementwise.mulBackward(da, d, o, n, n));
    }

    /** ln a. */
    public static Tensor log(Tensor a) {
        return elementwise(a, "log", Elementwise::log, (da, d, x, o, n) -> Elementwise.logBackward(da, d, x, n));
    }

    /** 1 / (1 + e⁻ᵃ). */
    public static Tensor sigmoid(Tensor a) {
        return elementwise(a, "sigmoid", Elementwise::sigmoid, (da, d, x, o, n) -> Elementwise.sigmoidBackward(da, d, o, n));
    }

    /** max(a, 0), on the current backend (the CNN's activations are its largest arrays). */
    public static Tensor relu(Tensor a) {
        Backend be = Backends.current();
        return elementwise(a, "relu", be::relu, (da, d, x, o, n) -> be.reluBackward(da, d, o, n));
    }

    // ------------------------------------------------------------ reductions

    /** Sum of all elements, a 0-d tensor. */
    public static Tensor sum(Tensor a) {
        return sumScaled(a, 1f, "sum");
    }

    /** Mean of all elements, a 0-d tensor. */
    public static Tensor mean(Tensor a) {
        return sumScaled(a, 1f / a.numel(), "mean");
    }

    private static Tensor sumScaled(Tensor a, float c, String name) {
        int n = a.numel();
        float[] o = new float[1];
        Reduce.sum(o, a.data(), n);
        o[0] *= c;
        Tensor out = Tensor.derived(o, new int[0], name, a);
        out.onBackward(() -> Reduce.sumBackward(a.gradBuffer(), out.gradBuffer(), c, n));
        return out;
    }

    /** Sum along {@code dim} (negative counts from the end), keeping it as size 1 when {@code keepDim}. */
    public static Tensor sum(Tensor a, int dim, boolean keepDim) {
        return sumDim(a, dim, keepDim, false);
    }

    /** Mean along {@code dim}. */
    public static Tensor mean(Tensor a, int dim, boolean keepDim) {
        return sumDim(a, dim, keepDim, true);
    }

    private static Tensor sumDim(Tensor a, int dim, boolean keepDim, boolean mean) {
        int[] s = a.shape();
        int d = Shape.dim(dim, s.length);
        int outer = Shape.outer(s, d), D = s[d], inner = Shape.inner(s, d);
        float c = mean ? 1f / D : 1f;
        float[] o = new float[outer * inner];
        Reduce.sumDim(o, a.data(), outer, D, inner);
        if (mean) Elementwise.mulScalar(o, o, c, o.length);
        Tensor out = Tensor.derived(o, Shape.reduce(s, d, keepDim), mean ? "mean" : "sum", a);
        out.onBackward(() -> Reduce.sumDimBackward(a.gradBuffer(), out.gradBuffer(), c, outer, D, inner));
        return out;
    }

    /** Index of the largest value along {@code dim}, as floats. No grad. */
    public static Tensor argmax(Tensor a, int dim) {
        int[] s = a.shape();
        int d = Shape.dim(dim, s.length);
        int outer = Shape.outer(s, d), inner = Shape.inner(s, d);
        float[] o = new float[outer * inner];
        Reduce.argmaxDim(o, a.data(), outer, s[d], inner);
        return Tensor.of(o, Shape.reduce(s, d, false));
    }

    // ------------------------------------------------------------ matmul

    /**
     * Matrix product of a (M,K) and b (K,N) into (M,N), on the current backend. A 1-d operand is
     * treated as a row (left) or a column (right) vector and that dimension is dropped from the result.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 1) return view(matmul(view(a, 1, a.numel()), b), -1);
        if (b.rank() == 1) return view(matmul(a, view(b, b.numel(), 1)), -1);
        if (a.rank() != 2 || b.rank() != 2 || a.size(1) != b.size(0))
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()) + " do not chain");
        int M = a.size(0), K = a.size(1), N = b.size(1);
        Backend be = Backends.current();
        float[] o = new float[M * N];
        be.matmulNN(o, a.data(), b.data(), M, K, N);
        Tensor out = Tensor.derived(o, new int[] {M, N}, "matmul", a, b);
        out.onBackward(() -> {
            // out = a·b  =>  da = dout·bᵀ, db = aᵀ·dout
            if (a.requiresGrad()) be.matmulNT(a.gradBuffer(), out.gradBuffer(), b.data(), M, N, K);
            if (b.requiresGrad()) be.matmulTN(b.gradBuffer(), a.data(), out.gradBuffer(), K, M, N);
        });
        return out;
    }

    /** The 2-d transpose (a copy). */
    public static Tensor transpose(Tensor a) {
        if (a.rank() != 2) throw new IllegalArgumentException("transpose needs a 2-d tensor, got " + Shape.str(a.shape()));
        int R = a.size(0), C = a.size(1);
        float[] o = new float[R * C];
        Matmul.transpose(o, a.data(), R, C);
        Tensor out = Tensor.derived(o, new int[] {C, R}, "transpose", a);
        out.onBackward(() -> {
            float[] t = new float[R * C];
            Matmul.transpose(t, out.gradBuffer(), C, R);
            Elementwise.accumulate(a.gradBuffer(), t, R * C);
        });
        return out;
    }

    // ------------------------------------------------------------ shape

    /** The same values seen with another shape (one dimension may be -1). Shares the data. */
    public static Tensor view(Tensor a, int... shape) {
        int[] s = Shape.infer(a.numel(), shape);
        Backend be = Backends.current();
        Tensor out = Tensor.derived(a.data(), s, "view", a);
        out.onBackward(() -> be.accumulate(a.gradBuffer(), out.gradBuffer(), a.numel()));
        return out;
    }

    /** The rows (entries along dim 0) at {@code index}, in that order: a minibatch. */
    public static Tensor rows(Tensor a, int... index) {
        int[] s = a.shape();
        int rowLen = Shape.inner(s, 0), n = index.length;
        float[] o = new float[n * rowLen];
        float[] src = a.data();
        for (int r = 0; r < n; r++) System.arraycopy(src, index[r] * rowLen, o, r * rowLen, rowLen);
        s[0] = n;
        Tensor out = Tensor.derived(o, s, "rows", a);
        out.onBackward(() -> {
            float[] da = a.gradBuffer(), dout = out.gradBuffer();
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < rowLen; i++) da[index[r] * rowLen + i] += dout[r * rowLen + i];
            }
        });
        return out;
    }

    /** Joins tensors along an existing dimension; all other dimensions must match. */
    public static Tensor cat(List<Tensor> parts, int dim) {
        Tensor first = parts.get(0);
        int[] s = first.shape();
        int d = Shape.dim(dim, s.length);
        int outer = Shape.outer(s, d), inner = Shape.inner(s, d);
        int sumD = 0;
        for (Tensor p : parts) {
            int[] ps = p.shape();
            ps[d] = s[d];
            if (!Arrays.equals(ps, s)) throw new IllegalArgumentException("cat: shape " + Shape.str(p.shape()) + " does not match " + Shape.str(first.shape()));
            sumD += p.size(d);
        }
        final int total = sumD;
        int[] os = s.clone();
        os[d] = total;
        float[] o = new float[Shape.size(os)];
        int[] offsets = new int[parts.size()];
        int off = 0;
        for (int k = 0; k < parts.size(); k++) {
            offsets[k] = off;
            int len = parts.get(k).size(d) * inner;
            float[] src = parts.get(k).data();
            for (int i = 0; i < outer; i++) System.arraycopy(src, i * len, o, i * total * inner + off, len);
            off += len;
        }
        Tensor out = Tensor.derived(o, os, "cat", parts.toArray(new Tensor[0]));
        out.onBackward(() -> {
            float[] dout = out.gradBuffer();
            for (int k = 0; k < parts.size(); k++) {
                Tensor p = parts.get(k);
                if (!p.requiresGrad()) continue;
                int len = p.size(d) * inner;
                float[] dp = p.gradBuffer();
                for (int i = 0; i < outer; i++) {
                    for (int j = 0; j < len; j++) dp[i * len + j] += dout[i * total * inner + offsets[k] + j];
                }
            }
        });
        return out;
    }

    /** Stacks same-shaped tensors along a new dimension {@code dim}. */
    public static Tensor stack(List<Tensor> parts, int dim) {
        int rank = parts.get(0).rank() + 1;
        int d = Shape.dim(dim, rank);
        Tensor[] views = new Tensor[parts.size()];
        for (int k = 0; k < views.length; k++) {
            int[] s = parts.get(k).shape();
            int[] v = new int[rank];
            for (int i = 0, j = 0; i < rank; i++) v[i] = i == d ? 1 : s[j++];
            views[k] = view(parts.get(k), v);
        }
        return cat(List.of(views), d);
    }
}
