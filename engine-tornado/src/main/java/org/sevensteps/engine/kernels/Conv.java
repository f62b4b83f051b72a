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
        int P = OH * OW, BP = B * P;
        for (int c = 0; c < C; c++) {
            for (int kh = 0; kh < KH; kh++) {
                for (int kw = 0; kw < KW; kw++) {
                    int row = ((c * KH + kh) * KW + kw) * BP;
                    // the output columns whose input column iw = ow*stride - pad + kw lies inside the image
                    int owLo = firstInside(pad - kw, stride), owHi = Math.min(OW, lastInside(W - 1 + pad - kw, stride));
                    for (int b = 0; b < B; b++) {
                        for (int oh = 0; oh < OH; oh++) {
                            int ih = oh * stride - pad + kh;
                            int o = row + b * P + oh * OW;
                            if (ih < 0 || ih >= H) {
                                for (int ow = 0; ow < OW; ow++) col[o + ow] = 0f;
                                continue;
                            }
                            int in = ((b * C + c) * H + ih) * W - pad + kw;
                            for (int ow = 0; ow < owLo; ow++) col[o + ow] = 0f;
                            for (int ow = owLo; ow < owHi; ow++) col[o + ow] = x[in + ow * stride];
                            for (int ow = Math.max(owLo, owHi); ow < OW; ow++) col[o + ow] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Backward of im2col: dx (B,C,H,W) += each column entry back at the pixel it was read from. */
    public static void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW,
                              int stride, int pad, int OH, int OW) {
        int P = OH * OW, BP = B * P;
        for (int c = 0; c < C; c++) {
            for (int kh = 0; kh < KH; kh++) {
                for (int kw = 0; kw < KW; kw++) {
                    int row = ((c * KH + kh) * KW + kw) * BP;
                    int owLo = firstInside(pad - kw, stride), owHi = Math.min(OW, lastInside(W - 1 + pad - kw, stride));
                    for (int b = 0; b < B; b++) {
                        for (int oh = 0; oh < OH; oh++) {
                            int ih = oh * stride - pad + kh;
                            if (ih < 0 || ih >= H) continue;
                            int o = row + b * P + oh * OW;
                            int in = ((b * C + c) * H + ih) * W - pad + kw;
                            for (int ow = owLo; ow < owHi; ow++) dx[in + ow * stride] += dcol[o + ow];
                        }
                    }
                }
            }
        }
    }

    /** The smallest ow >= 0 with ow*stride >= lo. */
    private static int firstInside(int lo, int stride) {
        return lo <= 0 ? 0 : (lo + stride - 1) / stride;
    }

    /** One past the largest ow with ow*stride <= hi (0 when hi < 0). */
    private static int lastInside(int hi, int stride) {
        return hi < 0 ? 0 : hi / stride + 1;
    }

    /** out (B,OC,P) = ycol (OC, B*P) reordered to NCHW, plus bias (OC). */
    public static void colToImage(float[] out, float[] ycol, float[] bias, int B, int OC, int P) {
        for (int b = 0; b < B; b++) {
            for (int oc = 0; oc < OC; oc++) {
                for (int p = 0; p < P; p++) out[(b * OC + oc) * P + p] = ycol[oc * B * P + b * P + p] + bias[oc];
            }
        }
    }

    /** Backward of colToImage: dycol (OC, B*P) = dout (B,OC,P) reordered (overwrites); dbias (OC) += its sums. */
    public static void colToImageBackward(float[] dycol, float[] dbias, float[] dout, int B, int OC, int P) {
        for (int b = 0; b < B; b++) {
            for (int oc = 0; oc < OC; oc++) {
                float s = 0f;
                for (int p = 0; p < P; p++) {
                    float g = dout[(b * OC + oc) * P + p];
                    dycol[oc * B * P + b * P + p] = g;
                    s += g;
                }
                dbias[oc] += s;
            }
        }
    }

    /** out (B,C,OH,OW) = mean of each K×K window of x (B,C,H,W), windows stride apart, no padding. */
    public static void avgPool(float[] out, float[] x, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        float inv = 1f / (K * K);
        for (int bc = 0; bc < B * C; bc++) {
            for (int oh = 0; oh < OH; oh++) {
                for (int ow = 0; ow < OW; ow++) {
                    float s = 0f;
                    for (int kh = 0; kh < K; kh++) {
                        for (int kw = 0; kw < K; kw++) s += x[(bc * H + oh * stride + kh) * W + ow * stride + kw];
                    }
                    out[(bc * OH + oh) * OW + ow] = s * inv;
                }
            }
        }
    }

    /** Backward of avgPool: each input pixel of a window gets dout / (K*K). */
    public static void avgPoolBackward(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        float inv = 1f / (K * K);
        for (int bc = 0; bc < B * C; bc++) {
            for (int oh = 0; oh < OH; oh++) {
                for (int ow = 0; ow < OW; ow++) {
                    float g = dout[(bc * OH + oh) * OW + ow] * inv;
                    for (int kh = 0; kh < K; kh++) {
                        for (int kw = 0; kw < K; kw++) dx[(bc * H + oh * stride + kh) * W + ow * stride + kw] += g;
                    }
                }
            }
        }
    }
}
