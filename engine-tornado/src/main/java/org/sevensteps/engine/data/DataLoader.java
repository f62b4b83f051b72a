package org.sevensteps.engine.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Shape;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Minibatches of a {@link Dataset}. With shuffling, each pass ({@link #iterator()}) draws a new order
 * from an Rng seeded once, so the same seed gives the same sequence of epochs. The last, partial
 * batch is kept.
 *
 * <p>Batches reuse two pairs of buffers (full size, and the last partial size): a batch's tensors are
 * valid until the iterator moves on, which is all a training step needs. Copy them to keep them.
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset data;
    private final int batchSize;
    private final Rng rng;
    private final int xRow, yRow;
    private final int[] xShape, yShape;
    private float[] xFull, yFull, xLast, yLast;

    /** Batches in dataset order. */
    public DataLoader(Dataset data, int batchSize) {
        this(data, batchSize, false, 0L);
    }

    /** Batches, reshuffled every pass when {@code shuffle}, from a generator seeded with {@code seed}. */
    public DataLoader(Dataset data, int batchSize, boolean shuffle, long seed) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        this.data = data;
        this.batchSize = batchSize;
        this.rng = shuffle ? new Rng(seed) : null;
        this.xShape = data.x().shape();
        this.yShape = data.y().shape();
        this.xRow = Shape.inner(xShape, 0);
        this.yRow = Shape.inner(yShape, 0);
    }

    /** The dataset. */
    public Dataset dataset() {
        return data;
    }

    /** The batch size (the last batch may be smaller). */
    public int batchSize() {
        return batchSize;
    }

    /** Number of batches per pass. */
    public int batchCount() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        int n = data.size();
        int[] order = rng == null ? null : rng.permutation(n);
        return new Iterator<>() {
            int start = 0;

            @Override
            public boolean hasNext() {
                return start < n;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int b = Math.min(batchSize, n - start);
                float[] xb, yb;
                if (b == batchSize) {
                    if (xFull == null) { xFull = new float[b * xRow]; yFull = new float[b * yRow]; }
                    xb = xFull; yb = yFull;
                } else {
                    if (xLast == null || xLast.length != b * xRow) { xLast = new float[b * xRow]; yLast = new float[b * yRow]; }
                    xb = xLast; yb = yLast;
                }
                float[] xs = data.x().data(), ys = data.y().data();
                for (int r = 0; r < b; r++) {
                    int i = order == null ? start + r : order[start + r];
                    System.arraycopy(xs, i * xRow, xb, r * xRow, xRow);
                    System.arraycopy(ys, i * yRow, yb, r * yRow, yRow);
                }
                start += b;
                int[] xs2 = xShape.clone(), ys2 = yShape.clone();
                xs2[0] = b;
                ys2[0] = b;
                return new Batch(Tensor.of(xb, xs2), Tensor.of(yb, ys2));
            }
        };
    }
}
