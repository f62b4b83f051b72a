package org.sevensteps.engine.kernels;

/**
 * Log-softmax, negative log-likelihood and their fusion, cross entropy, over rows:
 * logits are (R,C), one row per sample, C classes; targets are (R) class indices stored as floats.
 */
public final class Softmax {
    private Softmax() {}

    /** out (R,C) = x - logsumexp(x) per row. The row max is subtracted only for numerical stability. */
    public static void logSoftmax(float[] out, float[] x, int R, int C) {
        for (int r = 0; r < R; r++) {
            int row = r * C;
            float max = x[row];
            for (int c = 1; c < C; c++) max = Math.max(max, x[row + c]);
            float sum = 0f;
            for (int c = 0; c < C; c++) sum += (float) Math.exp(x[row + c] - max);
            float logSum = (float) Math.log(sum);
            // (x - max) - log(sum) rather than x - (max + log(sum)): keeps the precision of small results
            for (int c = 0; c < C; c++) out[row + c] = (x[row + c] - max) - logSum;
        }
    }

    /**
     * Backward of {@code out = logSoftmax(x)}: dx += dout - softmax(x) * sum(dout) per row,
     * where softmax(x) = exp(out).
     */
    public static void logSoftmaxBackward(float[] dx, float[] dout, float[] out, int R, int C) {
        for (int r = 0; r < R; r++) {
            int row = r * C;
            float s = 0f;
            for (int c = 0; c < C; c++) s += dout[row + c];
            for (int c = 0; c < C; c++) dx[row + c] += dout[row + c] - (float) Math.exp(out[row + c]) * s;
        }
    }

    /** loss[0] = -mean over rows of logp[r, target[r]]. */
    public static void nll(float[] loss, float[] logp, float[] target, int R, int C) {
        float acc = 0f;
        for (int r = 0; r < R; r++) acc -= logp[r * C + (int) target[r]];
        loss[0] = acc / R;
    }

    /** Backward of nll: dlogp[r, target[r]] += -dloss / R. */
    public static void nllBackward(float[] dlogp, float[] dloss, float[] target, int R, int C) {
        for (int r = 0; r < R; r++) dlogp[r * C + (int) target[r]] -= dloss[0] / R;
    }

    /**
     * Cross entropy = nll(logSoftmax(logits)) in one pass. Writes probs (R,C) = softmax(logits),
     * which the backward needs, and loss[0] = the mean over rows.
     */
    public static void crossEntropy(float[] loss, float[] probs, float[] logits, float[] target, int R, int C) {
        float total = 0f;
        for (int r = 0; r < R; r++) {
            int row = r * C;
            float max = logits[row];
            for (int c = 1; c < C; c++) max = Math.max(max, logits[row + c]);
            float sum = 0f;
            for (int c = 0; c < C; c++) {
                float e = (float) Math.exp(logits[row + c] - max);
                probs[row + c] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int c = 0; c < C; c++) probs[row + c] *= inv;
            // -log softmax[target] = logsumexp - logit[target]
            total += (float) Math.log(sum) - (logits[row + (int) target[r]] - max);
        }
        loss[0] = total / R;
    }

    /** Backward of cross entropy: dlogits (R,C) += (probs - onehot(target)) * dloss / R. */
    public static void crossEntropyBackward(float[] dlogits, float[] dloss, float[] probs, float[] target, int R, int C) {
        float g = dloss[0] / R;
        for (int r = 0; r < R; r++) {
            int row = r * C;
            int t = (int) target[r];
            for (int c = 0; c < C; c++) dlogits[row + c] += (probs[row + c] - (c == t ? 1f : 0f)) * g;
        }
    }
}
