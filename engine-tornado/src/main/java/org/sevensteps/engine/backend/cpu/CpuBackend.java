package org.sevensteps.engine.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.tensor.Buffers;

/**
 * The CPU backend: matmuls on the Vector API ({@link CpuMatmul}), split over {@code threads} threads
 * by blocks of output rows (or columns, when there are few rows). With 1 thread everything runs on the
 * caller's thread, so single-threaded benchmarks are honest. The split never changes a result.
 */
public final class CpuBackend implements Backend {
    /**
     * Below this many multiply-adds a matmul (or a convolution) is not worth handing to another thread:
     * waking a parked pool thread costs tens of microseconds here, about the time of the MLP's 2.5M
     * multiply-add matmuls. Measured at 2 threads, ms per epoch (bench, 3 Dec 2026): at 1 << 16, B 22.9
     * and D 229-400, both slower than at 1 thread (7.6 and 182-189); at 1 << 22, B 6.1-6.4, D 184-185.
     * The CNN gained nothing from a second thread at either setting (1591-2325 at 1 << 20, 2044-2066 at
     * 1 << 22, against about 2000 at 1 thread): the handoffs eat what the second core adds.
     */
    private static final long PARALLEL_MIN_WORK = 1L << 22;
    /**
     * Elementwise ops are memory-bound, and handing work to another thread costs microseconds: they
     * count as 1/16 of a multiply-add per element, so only arrays from a million elements are split.
     */
    private static final int ELEMENTWISE_PER_MULTIPLY_ADD = 16;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final int threads;
    private final ForkJoinPool pool;

    /** A backend on {@code threads} threads (at least 1). */
    public CpuBackend(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : new ForkJoinPool(this.threads);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) {
        split(M, N, (long) M * K * N, 4, 2 * CpuMatmul.L, (i0, i1, j0, j1) -> CpuMatmul.nn(out, a, K, 1, b, K, N, i0, i1, j0, j1));
    }

    @Override
    public void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) {
        split(M, N, (long) M * K * N, 4, 2 * CpuMatmul.L, (i0, i1, j0, j1) -> CpuMatmul.nn(out, a, 1, M, b, K, N, i0, i1, j0, j1));
    }

    @Override
    public void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) {
        split(M, N, (long) M * K * N, 4, 2, (i0, i1, j0, j1) -> CpuMatmul.nt(out, a, b, K, N, i0, i1, j0, j1));
    }

    @Override
    public Object conv2d(float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                         int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        return CpuConv.forward(this, out, x, w, bias, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
    }

    @Override
    public void conv2dDiscard(Object saved) {
        if (saved instanceof float[] xl) Buffers.recycle(xl); // the next forward puts its batch into it
    }

    @Override
    public void conv2dBackward(Object saved, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                               int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        CpuConv.backward(this, saved instanceof float[] xl ? xl : null, dx, dw, dbias, dout, x, w, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
    }

    /**
     * The reference gathers, for each input pixel, from the windows over it, and finds them with five
     * integer divisions per pixel (a third of the CNN's pooling time went there). Here each window
     * scatters into its pixels; every pixel still receives its windows in the same order, so the sums
     * are the reference's to the bit.
     */
    @Override
    public void avgPoolBackward(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        float inv = 1f / (K * K);
        parallel(B * C, (long) B * C * OH * OW * K * K / ELEMENTWISE_PER_MULTIPLY_ADD, (lo, hi) -> {
            for (int bc = lo; bc < hi; bc++)
                for (int oh = 0; oh < OH; oh++)
                    for (int ow = 0; ow < OW; ow++) {
                        float g = dout[(bc * OH + oh) * OW + ow] * inv;
                        for (int kh = 0; kh < K; kh++) {
                            int row = (bc * H + oh * stride + kh) * W + ow * stride;
                            for (int kw = 0; kw < K; kw++) dx[row + kw] += g;
                        }
                    }
        });
    }

    @Override
    public void relu(float[] out, float[] a, int n) {
        parallel(n, n / ELEMENTWISE_PER_MULTIPLY_ADD, (lo, hi) -> {
            int i = lo;
            for (; i < S.loopBound(hi - lo) + lo; i += S.length())
                FloatVector.fromArray(S, a, i).max(0f).intoArray(out, i);
            for (; i < hi; i++) out[i] = Math.max(a[i], 0f);
        });
    }

    @Override
    public void reluBackward(float[] da, float[] dout, float[] out, int n) {
        parallel(n, n / ELEMENTWISE_PER_MULTIPLY_ADD, (lo, hi) -> {
            int i = lo;
            for (; i < S.loopBound(hi - lo) + lo; i += S.length()) {
                FloatVector d = FloatVector.fromArray(S, dout, i);
                var on = FloatVector.fromArray(S, out, i).compare(VectorOperators.GT, 0f);
                FloatVector.fromArray(S, da, i).add(d, on).intoArray(da, i);
            }
            for (; i < hi; i++) if (out[i] > 0f) da[i] += dout[i];
        });
    }

    /** Work on the items [lo,hi) of a loop. */
    interface Range {
        void run(int lo, int hi);
    }

    /**
     * Runs {@code body} over [0,n) split into contiguous ranges, one per thread (the caller takes the
     * last); on the caller alone when {@code work} (about the multiply-adds) is too small to share.
     * The body must give each item the same result whichever range it falls in.
     */
    void parallel(int n, long work, Range body) {
        int parts = Math.min(threads, n);
        if (pool == null || parts <= 1 || work < PARALLEL_MIN_WORK) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 0; p < parts - 1; p++) {
            int lo = (int) ((long) n * p / parts), hi = (int) ((long) n * (p + 1) / parts);
            tasks[p] = pool.submit(() -> body.run(lo, hi));
        }
        body.run((int) ((long) n * (parts - 1) / parts), n);
        for (ForkJoinTask<?> t : tasks) t.join();
    }

    /** Work on the output rectangle [i0,i1) × [j0,j1). */
    private interface Tile {
        void run(int i0, int i1, int j0, int j1);
    }

    /**
     * Splits an M×N output into up to {@code threads} stripes: of rows when there are enough row blocks,
     * else of columns; stripe edges fall on multiples of the kernel's block so that the blocking, and
     * with it every result, is the same as on one thread.
     */
    private void split(int M, int N, long work, int rowBlock, int colBlock, Tile tile) {
        if (pool == null || work < PARALLEL_MIN_WORK) {
            tile.run(0, M, 0, N);
            return;
        }
        boolean byRows = M / rowBlock >= threads || M / rowBlock >= N / colBlock;
        int extent = byRows ? M : N, block = byRows ? rowBlock : colBlock;
        int blocks = (extent + block - 1) / block;
        int parts = Math.min(threads, blocks);
        if (parts <= 1) {
            tile.run(0, M, 0, N);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 0; p < parts; p++) {
            int s = Math.min(extent, (int) ((long) blocks * p / parts) * block);
            int e = Math.min(extent, (int) ((long) blocks * (p + 1) / parts) * block);
            Runnable r = byRows ? () -> tile.run(s, e, 0, N) : () -> tile.run(0, M, s, e);
            if (p < parts - 1) tasks[p] = pool.submit(r);
            else r.run();
        }
        for (ForkJoinTask<?> t : tasks) t.join();
    }
}
