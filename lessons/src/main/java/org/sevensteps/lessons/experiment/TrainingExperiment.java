package org.sevensteps.lessons.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.learn.CancelCallback;
import org.sevensteps.engine.learn.EpochStats;
import org.sevensteps.engine.learn.Learner;
import org.sevensteps.engine.learn.MetricsCallback;
import org.sevensteps.engine.learn.ProgressCallback;
import org.sevensteps.engine.learn.ProgressListener;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;

/**
 * Lessons 5 to 7: trains a model by minibatch gradient descent with the engine's {@link Learner}.
 * What is trained (data, model, loss, optimizer) comes from a {@link Recipe}; this class is the loop
 * around it and the events a student sees.
 *
 * <p>Events, in order: a {@code snapshot} of the untrained first layer; per epoch up to
 * {@value #BATCH_EVENTS} {@code batch} events (every k-th batch and the last), one {@code epoch}
 * event and now and then a {@code snapshot}; at the end a last {@code snapshot} with the first layer
 * and {@value #PREDICTIONS} validation predictions, then {@code done}. A cancelled run stops before
 * the next batch and emits nothing more: {@link Runner} reports it.
 *
 * <p>Everything random (initial weights, then the shuffling) is drawn from one {@link Rng} seeded
 * with the spec's seed, so the same spec and thread count give the same numbers.
 */
public final class TrainingExperiment implements Experiment {
    /** At most this many batch events per epoch: a 938-batch epoch must not flood the websocket. */
    static final int BATCH_EVENTS = 50;
    /** At most about this many weight snapshots per run, besides the first and the last. */
    static final int SNAPSHOTS = 10;
    /** First-layer units drawn in a snapshot. */
    static final int UNITS_DRAWN = 16;
    /** Validation predictions shown at the end: a 3×3 grid. */
    static final int PREDICTIONS = 9;
    /** Validation batch size: no gradients are kept, so bigger batches are just faster. */
    static final int VALID_BATCH = 1000;

    /** What to train: builds the data, model, loss and optimizer of one lesson's experiment. */
    @FunctionalInterface
    public interface Recipe {
        /**
         * @param rng the run's random source: draw the initial weights from it, nothing else
         */
        Setup build(Mnist mnist, RunSpec spec, Rng rng);
    }

    private final Recipe recipe;

    public TrainingExperiment(Recipe recipe) {
        this.recipe = recipe;
    }

    @Override
    public void run(RunSpec spec, RunContext ctx) {
        Mnist mnist = ctx.mnist();
        long start = System.nanoTime();
        Rng rng = new Rng(spec.seed());
        Setup s = recipe.build(mnist, spec, rng);
        DataLoader train = new DataLoader(s.train(), spec.batchSize(), true, rng.nextLong());
        DataLoader valid = new DataLoader(s.valid(), VALID_BATCH);
        String backend = Backends.current().name();

        int every = Math.max(1, ceilDiv(spec.epochs(), SNAPSHOTS));
        ctx.emit(RunEvent.snapshot(weights(s, 0)));
        ProgressListener progress = new ProgressListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double trainLoss) {
                int k = ceilDiv(batches, BATCH_EVENTS);
                if (batch % k == 0 || batch == batches) {
                    ctx.emit(RunEvent.batch(epoch, batch, trainLoss, Map.of("batches", batches)));
                }
            }

            @Override
            public void onEpoch(EpochStats e) {
                ctx.emit(RunEvent.epoch(e.epoch(), e.trainLoss(), e.validLoss(), e.validAccuracy(), e.seconds(),
                        backend, null));
                if (e.epoch() % every == 0 && e.epoch() < spec.epochs()) ctx.emit(RunEvent.snapshot(weights(s, e.epoch())));
            }
        };
        MetricsCallback metrics = new MetricsCallback(s.metric());
        Learner learner = new Learner(s.model(), s.loss(), s.optimizer(), train, valid, List.of(
                metrics, new ProgressCallback(progress), new CancelCallback(ctx::cancelRequested)));
        learner.fit(spec.epochs());
        if (learner.stopReason() != null) return;

        Map<String, Object> last = weights(s, spec.epochs());
        last.put("predictions", predictions(s));
        ctx.emit(RunEvent.snapshot(last));
        ctx.emit(RunEvent.done(metrics.last().validAccuracy(), (System.nanoTime() - start) / 1e9, backend));
    }

    /**
     * The first layer's weights as images, copied (training goes on changing them): "weights" is a
     * list of rows of side² values, "weights_side" their side (28 for pixels, 3 for conv filters).
     */
    static Map<String, Object> weights(Setup s, int epoch) {
        Tensor w = s.firstLayer();
        int rowLength = s.weightsSide() * s.weightsSide();
        int rows = Math.min(UNITS_DRAWN, w.numel() / rowLength);
        List<float[]> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(java.util.Arrays.copyOfRange(w.data(), r * rowLength, (r + 1) * rowLength));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("weights", out);
        m.put("weights_side", s.weightsSide());
        return m;
    }

    /**
     * {@value #PREDICTIONS} validation images spread evenly over the validation set, each with the
     * digit the model predicts and the true one: {image (784), predicted, actual}.
     */
    static List<Map<String, Object>> predictions(Setup s) {
        Dataset v = s.valid();
        int n = Math.min(PREDICTIONS, v.size());
        int row = v.x().numel() / v.size();
        int[] shape = v.x().shape().clone();
        shape[0] = n;
        float[] x = new float[n * row];
        int[] index = new int[n];
        for (int k = 0; k < n; k++) {
            index[k] = (int) ((long) k * v.size() / n);
            System.arraycopy(v.x().data(), index[k] * row, x, k * row, row);
        }
        Tensor scores;
        try (NoGrad off = NoGrad.scope()) {
            scores = s.model().forward(Tensor.of(x, shape));
        }
        int classes = scores.numel() / n;
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            float[] rowScores = java.util.Arrays.copyOfRange(scores.data(), k * classes, (k + 1) * classes);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("image", java.util.Arrays.copyOfRange(x, k * Digits.PIXELS, (k + 1) * Digits.PIXELS));
            p.put("predicted", s.labels().predicted(rowScores));
            p.put("actual", s.labels().actual(v.y().data()[index[k]]));
            out.add(p);
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
