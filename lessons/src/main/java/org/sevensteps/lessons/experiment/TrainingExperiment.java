package org.sevensteps.lessons.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.learn.Callback;
import org.sevensteps.engine.learn.CancelCallback;
import org.sevensteps.engine.learn.EpochStats;
import org.sevensteps.engine.learn.Learner;
import org.sevensteps.engine.learn.MetricsCallback;
import org.sevensteps.engine.learn.ProgressCallback;
import org.sevensteps.engine.learn.ProgressListener;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.run.TrainedModel;
import org.sevensteps.lessons.spec.RunSpec;

/**
 * Lessons 5 to 7: trains a model by minibatch gradient descent with the engine's {@link Learner}.
 * What is trained (data, model, loss, optimizer) comes from a {@link Recipe}; this class is the loop
 * around it and the events a student sees.
 *
 * <p>Events, in order: the first {@code batch}, then a {@code snapshot} of the untrained model (epoch
 * 0, taken before that batch); per epoch up to
 * {@value #BATCH_EVENTS} + 1 {@code batch} events (the first batch, so the student sees the curve start
 * at once, then every k-th batch and the last; while paused, every batch: each Step shows), one {@code epoch}
 * event and, every ⌈epochs/{@value #SNAPSHOTS}⌉ epochs, a {@code snapshot}; after the last epoch a
 * {@code snapshot} that adds the validation report, then {@code done}: 7 snapshots at most. A cancelled run
 * stops before the next batch and emits nothing more: {@link Runner} reports it.
 *
 * <p>A snapshot holds {@code weights} (the first layer's first {@value #UNITS_DRAWN} units or
 * filters, each a row of {@code weights_side}² values) and, for the CNN, {@code feature_maps} (the
 * first stage's output channels for the first validation image, {@code feature_maps_side}² values
 * each). The last one adds {@code predictions} ({@value #PREDICTIONS} validation images spread over
 * the set: image, predicted, actual), {@code digits} and {@code confusion} (rows the true digit,
 * columns the predicted one), and {@code worst} ({@value #PREDICTIONS} images with the lowest
 * probability for their true digit, most wrong first).
 *
 * <p>Everything random (initial weights, then the shuffling) is drawn from one {@link Rng} seeded
 * with the spec's seed, so the same spec and thread count give the same numbers.
 */
public final class TrainingExperiment implements Experiment {
    /** At most this many batch events per epoch: a 938-batch epoch must not flood the websocket. */
    static final int BATCH_EVENTS = 50;
    /**
     * Weight snapshots per run besides the untrained one: every ⌈epochs/5⌉ epochs. Each is about
     * 100 KB of JSON for 16 units of 784 weights, and a client that joins late gets them all.
     */
    static final int SNAPSHOTS = 5;
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
        // The untrained model, taken now but sent after the first batch: the curve's first point is what
        // the student waits for, and drawing the pictures first would hold it back.
        RunEvent[] untrained = {RunEvent.snapshot(0, snapshot(s))};
        ProgressListener progress = new ProgressListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double trainLoss) {
                int k = ceilDiv(batches, BATCH_EVENTS);
                if (batch == 1 || batch % k == 0 || batch == batches || ctx.paused()) {
                    ctx.emit(RunEvent.batch(epoch, batch, trainLoss, Map.of("batches", batches)));
                }
                if (untrained[0] != null) {
                    ctx.emit(untrained[0]);
                    untrained[0] = null;
                }
            }

            @Override
            public void onEpoch(EpochStats e) {
                ctx.emit(RunEvent.epoch(e.epoch(), e.trainLoss(), e.validLoss(), e.validAccuracy(), e.seconds(),
                        backend, null));
                if (e.epoch() % every == 0 && e.epoch() < spec.epochs()) ctx.emit(RunEvent.snapshot(e.epoch(), snapshot(s)));
            }
        };
        MetricsCallback metrics = new MetricsCallback(s.metric());
        ValidationReport report = new ValidationReport(s.labels(), PREDICTIONS);
        Callback turns = new Callback() { // pause and Step act on training batches only (see RunContext.awaitTurn)
            @Override public int order() { return -30; } // before the cancel check: a cancel during a pause stops at once
            @Override public void beforeBatch(Learner l) { if (l.isTraining()) ctx.awaitTurn(); }
        };
        Learner learner = new Learner(s.model(), s.loss(), s.optimizer(), train, valid, List.of(
                metrics, report, new ProgressCallback(progress), turns, new CancelCallback(ctx::cancelRequested)));
        learner.fit(spec.epochs());
        if (learner.stopReason() != null) return;

        Map<String, Object> last = snapshot(s);
        last.put("predictions", predictions(s));
        last.put("digits", report.digits());
        last.put("confusion", report.confusion());
        last.put("worst", report.worst());
        ctx.emit(RunEvent.snapshot(spec.epochs(), last));
        ctx.trained(trained(s));
        ctx.emit(RunEvent.done(metrics.last().validAccuracy(), (System.nanoTime() - start) / 1e9, backend));
    }

    /** The finished model, as the server keeps it: it classifies one image at a time, without gradients. */
    static TrainedModel trained(Setup s) {
        // Keep only the model and its labels: the Setup also holds the datasets (tens of MB per run).
        Module model = s.model();
        Setup.Labels labels = s.labels();
        int[] shape = s.valid().x().shape().clone();
        shape[0] = 1; // one image, in the layout the model was trained on: (1,784) or (1,1,28,28)
        return new TrainedModel() {
            @Override
            public int[] digits() {
                return labels.digits().clone();
            }

            @Override
            public double[] classify(float[] pixels) {
                if (pixels.length != Digits.PIXELS) throw new IllegalArgumentException("a digit has 784 pixels, not " + pixels.length);
                float[] scores;
                try (var off = NoGrad.scope()) {
                    scores = model.forward(Tensor.of(pixels.clone(), shape)).data();
                }
                int[] digits = digits();
                double[] p = new double[digits.length];
                for (int i = 0; i < digits.length; i++) p[i] = labels.probability(scores, digits[i]);
                return p;
            }

            @Override
            public List<Tensor> parameters() {
                return model.parameters();
            }
        };
    }

    /**
     * The first layer's weights and, if the model has them, the feature maps of the first validation
     * image: copies, since training goes on changing the weights.
     */
    static Map<String, Object> snapshot(Setup s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weights", rows(s.firstLayer().data(), s.weightsSide() * s.weightsSide()));
        m.put("weights_side", s.weightsSide());
        if (s.featureMaps() != null) {
            Dataset v = s.valid();
            int[] shape = v.x().shape().clone();
            shape[0] = 1;
            Tensor maps;
            try (NoGrad off = NoGrad.scope()) {
                maps = s.featureMaps().forward(Tensor.of(Arrays.copyOf(v.x().data(), v.x().numel() / v.size()), shape));
            }
            m.put("feature_maps", rows(maps.data(), maps.size(2) * maps.size(3)));
            m.put("feature_maps_side", maps.size(2));
        }
        return m;
    }

    /** The first {@value #UNITS_DRAWN} rows of {@code length} values of {@code values}, for drawing. */
    private static List<float[]> rows(float[] values, int length) {
        int n = Math.min(UNITS_DRAWN, values.length / length);
        List<float[]> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) out.add(forDrawing(values, r * length, (r + 1) * length));
        return out;
    }

    /**
     * A copy of values[from, to) rounded to 4 decimals: plenty for a picture, and it halves the JSON
     * (0.0235 instead of 0.023456788), which matters for a websocket history of a dozen snapshots.
     */
    static float[] forDrawing(float[] values, int from, int to) {
        float[] out = new float[to - from];
        for (int i = 0; i < out.length; i++) out[i] = Math.round(values[from + i] * 1e4f) / 1e4f;
        return out;
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
            float[] rowScores = Arrays.copyOfRange(scores.data(), k * classes, (k + 1) * classes);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("image", forDrawing(x, k * Digits.PIXELS, (k + 1) * Digits.PIXELS));
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
