package org.sevensteps.engine.learn;

import org.sevensteps.engine.backend.Backend;

/**
 * The backend current during a fit on a device ({@link OnDevice}): it runs everything on the host
 * backend (the loss, a callback's forward pass), except the optimizer's updates, which it hands to
 * {@link OnDevice}: recorded with a new shape's step, or collected for the device's backward pass.
 * Its name is the device backend's, which is what the logs and the UI report.
 */
final class StepBackend implements Backend {
    private final Backend outer, host;
    private final OnDevice onDevice;

    StepBackend(Backend outer, Backend host, OnDevice onDevice) {
        this.outer = outer;
        this.host = host;
        this.onDevice = onDevice;
    }

    @Override public String name() { return outer.name(); }
    @Override public int threads() { return outer.threads(); }
    @Override public void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) { host.matmulNN(out, a, b, M, K, N); }
    @Override public void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) { host.matmulNT(out, a, b, M, K, N); }
    @Override public void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) { host.matmulTN(out, a, b, M, K, N); }
    @Override public void im2col(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
        host.im2col(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW);
    }
    @Override public void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
        host.col2im(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW);
    }
    @Override public Object conv2d(float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                                   int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        return host.conv2d(out, x, w, bias, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
    }
    @Override public void conv2dDiscard(Object saved) { host.conv2dDiscard(saved); }
    @Override public void conv2dBackward(Object saved, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                                         int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        host.conv2dBackward(saved, dx, dw, dbias, dout, x, w, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
    }
    @Override public void relu(float[] out, float[] a, int n) { host.relu(out, a, n); }
    @Override public void reluBackward(float[] da, float[] dout, float[] out, int n) { host.reluBackward(da, dout, out, n); }
    @Override public void addBias(float[] out, float[] bias, int R, int C) { host.addBias(out, bias, R, C); }
    @Override public void addBiasBackward(float[] dbias, float[] dout, int R, int C) { host.addBiasBackward(dbias, dout, R, C); }
    @Override public void avgPool(float[] out, float[] x, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        host.avgPool(out, x, B, C, H, W, K, stride, OH, OW);
    }
    @Override public void avgPoolBackward(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        host.avgPoolBackward(dx, dout, B, C, H, W, K, stride, OH, OW);
    }
    @Override public void accumulate(float[] da, float[] dout, int n) { host.accumulate(da, dout, n); }

    @Override
    public void sgd(float[] p, float[] buf, float[] g, float lr, float momentum, float weightDecay, boolean firstStep, int n) {
        onDevice.sgd(p, buf, g, lr, momentum, weightDecay, firstStep, n);
    }

    @Override
    public void adam(float[] p, float[] m, float[] v, float[] g, float lr, float b1, float b2, float eps,
                     float weightDecay, float bc1, float bc2, int n) {
        onDevice.adam(p, m, v, g, lr, b1, b2, eps, weightDecay, bc1, bc2, n);
    }
}
