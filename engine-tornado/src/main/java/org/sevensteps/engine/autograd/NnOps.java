package org.sevensteps.engine.autograd;

import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.kernels.Softmax;
import org.sevensteps.engine.tensor.Shape;
import org.sevensteps.engine.tensor.Tensor;

/**
 * The fused ops behind layers and losses: one graph node each instead of a chain of small ones,
 * which saves both time and memory. Each is checked against its unfused definition in the tests.
 */
public final class NnOps {
    private NnOps() {}

    /** out (B,OC) = x (B,C) · weight (OC,C)ᵀ + bias (OC); bias may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (x.rank() != 2 || weight.rank() != 2 || x.size(1) != weight.size(1))
            throw new IllegalArgumentException("linear: input " + Shape.str(x.shape()) + " does not fit weight " + Shape.str(weight.shape()));
        int B = x.size(0), C = x.size(1), OC = weight.size(0);
        Backend be = Backends.current();
        float[] o = new float[B * OC];
        be.matmulNT(o, x.data(), weight.data(), B, C, OC);
        if (bias != null) be.addBias(o, bias.data(), B, OC);
        Tensor out = bias == null ? Tensor.derived(o, new int[] {B, OC}, "linear", x, weight)
                : Tensor.derived(o, new int[] {B, OC}, "linear", x, weight, bias);
        out.onBackward(() -> {
            float[] dout = out.gradBuffer();
            // out = x·Wᵀ + b  =>  dx = dout·W, dW = doutᵀ·x, db = column sums of dout
            if (x.requiresGrad()) be.matmulNN(x.gradBuffer(), dout, weight.data(), B, OC, C);
            if (weight.requiresGrad()) be.matmulTN(weight.gradBuffer(), dout, x.data(), OC, B, C);
            if (bias != null && bias.requiresGrad()) be.addBiasBackward(bias.gradBuffer(), dout, B, OC);
        });
        return out;
    }

    /**
     * 2-d convolution (cross-correlation, as in PyTorch): x (B,C,H,W), weight (OC,C,KH,KW), bias (OC)
     * or null, into (B,OC,OH,OW) with OH = (H + 2 pad - KH) / stride + 1.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int pad) {
        if (x.rank() != 4 || weight.rank() != 4 || x.size(1) != weight.size(1))
            throw new IllegalArgumentException("conv2d: input " + Shape.str(x.shape()) + " does not fit weight " + Shape.str(weight.shape()));
        int B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
        int OC = weight.size(0), KH = weight.size(2), KW = weight.size(3);
        int OH = (H + 2 * pad - KH) / stride + 1, OW = (W + 2 * pad - KW) / stride + 1;
        Backend be = Backends.current();
        float[] o = new float[B * OC * OH * OW]; // (B, OC, OH, OW)
        float[] b = bias == null ? new float[OC] : bias.data();
        Object saved = be.conv2d(o, x.data(), weight.data(), b, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        Tensor out = bias == null ? Tensor.derived(o, new int[] {B, OC, OH, OW}, "conv2d", x, weight)
                : Tensor.derived(o, new int[] {B, OC, OH, OW}, "conv2d", x, weight, bias);
        out.onBackward(() -> be.conv2dBackward(saved,
                x.requiresGrad() ? x.gradBuffer() : null,
                weight.requiresGrad() ? weight.gradBuffer() : null,
                bias != null && bias.requiresGrad() ? bias.gradBuffer() : null,
                out.gradBuffer(), x.data(), weight.data(), B, C, H, W, OC, KH, KW, stride, pad, OH, OW));
        if (!out.requiresGrad()) be.conv2dDiscard(saved); // validation, predictions: no backward will come
        return out;
    }

    /** Average pooling over K×K windows, {@code stride} apart, no padding: (B,C,H,W) into (B,C,OH,OW). */
    public static Tensor avgPool2d(Tensor x, int K, int stride) {
        if (x.rank() != 4) throw new IllegalArgumentException("avgPool2d needs (B,C,H,W), got " + Shape.str(x.shape()));
        int B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
        int OH = (H - K) / stride + 1, OW = (W - K) / stride + 1;
        Backend be = Backends.current();
        float[] o = new float[B * C * OH * OW];
        be.avgPool(o, x.data(), B, C, H, W, K, stride, OH, OW);
        Tensor out = Tensor.derived(o, new int[] {B, C, OH, OW}, "avgPool2d", x);
        out.onBackward(() -> be.avgPoolBackward(x.gradBuffer(), out.gradBuffer(), B, C, H, W, K, stride, OH, OW));
        return out;
    }

    /** log(softmax(x)) along the last dimension, by the logsumexp trick. */
    public static Tensor logSoftmax(Tensor x) {
        int C = x.size(-1), R = x.numel() / C;
        float[] o = new float[x.numel()];
        Softmax.logSoftmax(o, x.data(), R, C);
        Tensor out = Tensor.derived(o, x.shape(), "logSoftmax", x);
        out.onBackward(() -> Softmax.logSoftmaxBackward(x.gradBuffer(), out.gradBuffer(), o, R, C));
        return out;
    }

    /** Negative log-likelihood: -mean of logp (R,C) at each row's target class (targets (R), as floats). */
    public static Tensor nll(Tensor logp, Tensor target) {
        int C = logp.size(-1), R = logp.numel() / C;
        checkTargets(target, R, C);
        float[] o = new float[1];
        Softmax.nll(o, logp.data(), target.data(), R, C);
        Tensor out = Tensor.derived(o, new int[0], "nll", logp);
        out.onBackward(() -> Softmax.nllBackward(logp.gradBuffer(), out.gradBuffer(), target.data(), R, C));
        return out;
    }

    /** Cross entropy of logits (R,C) against targets (R): nll(logSoftmax(logits)) fused into one node. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        int C = logits.size(-1), R = logits.numel() / C;
        checkTargets(target, R, C);
        float[] o = new float[1];
        float[] probs = new float[R * C];
        Softmax.crossEntropy(o, probs, logits.data(), target.data(), R, C);
        Tensor out = Tensor.derived(o, new int[0], "crossEntropy", logits);
        out.onBackward(() -> Softmax.crossEntropyBackward(logits.gradBuffer(), out.gradBuffer(), probs, target.data(), R, C));
        return out;
    }

    private static void checkTargets(Tensor target, int R, int C) {
        if (target.numel() != R) throw new IllegalArgumentException(R + " rows of scores but " + target.numel() + " targets");
        for (float t : target.data()) {
            if (t < 0 || t >= C || t != Math.floor(t)) throw new IllegalArgumentException("target " + t + " is not a class index in [0, " + C + ")");
        }
    }
}
