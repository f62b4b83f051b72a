package org.sevensteps.engine.kernels;

/**
 * Convolution as im2col + matmul, and average pooling. Images are NCHW: x is (B,C,H,W).
 * The column buffer col is (C*KH*KW, B*P): row (c,kh,kw), column (b,oh,ow), so one matmul
 * {@code W (OC, C*KH*KW) · col} convolves the whole batch at once.
 * Output size: OH = (H + 2 pad - KH) / stride + 1, the same for OW.
 */
public final class Conv {
    private Conv() {}

    /** col (C*KH*KW, B*OH*OW) = the input patch under each output pixel; zeros in the padding. */
    public static void im2col(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW,
                              int stride, int pad, int OH, int OW) {
        int n = C * KH * KW * B * OH * OW;
        for (int e = 0; e < n; e++) im2colAt(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW, e);
    }

    /**
     * One entry e of {@link #im2col}: row r = (c,kh,kw), column q = (b,oh,ow) of col gets the pixel
     * x[b,c,oh*stride-pad+kh,ow*stride-pad+kw], or 0 in the padding. A GPU runs one per thread.
     */
    public static void im2colAt(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW,
                                int stride, int pad, int OH, int OW, int e) {
        int BP = B * OH * OW;
        int r = e / BP, q = e - r * BP;
        int kw = r % KW, kh = r / KW % KH, c = r / (KW * KH);
        int ow = q % OW, oh = q / OW % OH, b = q / (OW * OH);
        int ih = oh * stride - pad + kh, iw = ow * stride - pad + kw;
        float v = 0f;
        if (ih >= 0 && ih < H && iw >= 0 && iw < W) v = x[((b * C + c) * H + ih) * W + iw];
        col[e] = v;
    }

    /** Backward of im2col: dx (B,C,H,W) += each column entry back at the pixel it was read from. */
    public static void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW,
                              int stride, int pad, int OH, int OW) {
        int n = B * C * H * W;
        for (int e = 0; e < n; e++) col2imAt(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW, e);
    }

    /**
     * One pixel e = (b,c,ih,iw) of {@link #col2im}: it gathers the column entries that read it, those
     * (kh,kw) for which ih+pad-kh and iw+pad-kw are output positions times stride. Gathering, not
     * scattering, so pixels can run in parallel without two threads adding to one.
     */
    public static void col2imAt(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW,
                                int stride, int pad, int OH, int OW, int e) {
        int P = OH * OW, BP = B * P;
        int iw = e % W, ih = e / W % H, c = e / (W * H) % C, b = e / (W * H * C);
        float s = 0f;
        for (int kh = 0; kh < KH; kh++) {
            int th = ih + pad - kh;
            int oh = th / stride;
            if (th >= 0 && oh * stride == th && oh < OH) {
                for (int kw = 0; kw < KW; kw++) {
                    int tw = iw + pad - kw;
                    int ow = tw / stride;
                    if (tw >= 0 && ow * stride == tw && ow < OW) s += dcol[((c * KH + kh) * KW + kw) * BP + b * P + oh * OW + ow];
                }
            }
        }
        dx[e] += s;
    }

    /** out (B,OC,P) = ycol (OC, B*P) reordered to NCHW, plus bias (OC). */
    public static void colToImage(float[] out, float[] ycol, float[] bias, int B, int OC, int P) {
        int n = B * OC * P;
        for (int e = 0; e < n; e++) colToImageAt(out, ycol, bias, B, OC, P, e);
    }

    /** One entry e = (b,oc,p) of {@link #colToImage}. */
    public static void colToImageAt(float[] out, float[] ycol, float[] bias, int B, int OC, int P, int e) {
        int p = e % P, oc = e / P % OC, b = e / (P * OC);
        out[e] = ycol[oc * B * P + b * P + p] + bias[oc];
    }

    /** Backward of colToImage: dycol (OC, B*P) = dout (B,OC,P) reordered (overwrites); dbias (OC) += its sums. */
    public static void colToImageBackward(float[] dycol, float[] dbias, float[] dout, int B, int OC, int P) {
        int n = B * OC * P;
        for (int e = 0; e < n; e++) colToImageBackwardAt(dycol, dout, B, OC, P, e);
        for (int oc = 0; oc < OC; oc++) biasGradAt(dbias, dout, B, OC, P, oc);
    }

    /** One entry e = (b,oc,p) of dout, written to its place in dycol. */
    public static void colToImageBackwardAt(float[] dycol, float[] dout, int B, int OC, int P, int e) {
        int p = e % P, oc = e / P % OC, b = e / (P * OC);
        dycol[oc * B * P + b * P + p] = dout[e];
    }

    /** dbias[oc] += the sum of dout (B,OC,P) over images and pixels of channel oc. */
    public static void biasGradAt(float[] dbias, float[] dout, int B, int OC, int P, int oc) {
        for (int b = 0; b < B; b++) {
            float s = 0f;
            for (int p = 0; p < P; p++) s += dout[(b * OC + oc) * P + p];
            dbias[oc] += s;
        }
    }

    /** out (B,C,OH,OW) = mean of each K×K window of x (B,C,H,W), windows stride apart, no padding. */
    public static void avgPool(float[] out, float[] x, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        int n = B * C * OH * OW;
        for (int e = 0; e < n; e++) avgPoolAt(out, x, B, C, H, W, K, stride, OH, OW, e);
    }

    /** One output e = (b,c,oh,ow) of {@link #avgPool}. */
    public static void avgPoolAt(float[] out, float[] x, int B, int C, int H, int W, int K, int stride, int OH, int OW, int e) {
        int ow = e % OW, oh = e / OW % OH, bc = e / (OW * OH);
        float s = 0f;
        for (int kh = 0; kh < K; kh++) {
            for (int kw = 0; kw < K; kw++) s += x[(bc * H + oh * stride + kh) * W + ow * stride + kw];
        }
        out[e] = s * (1f / (K * K));
    }

    /** Backward of avgPool: each input pixel of a window gets dout / (K*K). */
    public static void avgPoolBackward(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        int n = B * C * H * W;
        for (int e = 0; e < n; e++) avgPoolBackwardAt(dx, dout, B, C, H, W, K, stride, OH, OW, e);
    }

    /**
     * One input pixel e = (b,c,ih,iw) of {@link #avgPoolBackward}: it gathers dout / (K*K) from every window
     * over it, windows in order. Gathering, not scattering, so pixels can run in parallel (see col2imAt).
     */
    public static void avgPoolBackwardAt(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW, int e) {
        int iw = e % W, ih = e / W % H, bc = e / (W * H);
        float inv = 1f / (K * K);
        // the windows over (ih, iw): oh·stride <= ih < oh·stride + K, the same for ow
        int oh0 = ih >= K ? (ih - K) / stride + 1 : 0, oh1 = Math.min(OH - 1, ih / stride);
        int ow0 = iw >= K ? (iw - K) / stride + 1 : 0, ow1 = Math.min(OW - 1, iw / stride);
        for (int oh = oh0; oh <= oh1; oh++) {
            for (int ow = ow0; ow <= ow1; ow++) dx[e] += dout[(bc * OH + oh) * OW + ow] * inv;
        }
    }
}
