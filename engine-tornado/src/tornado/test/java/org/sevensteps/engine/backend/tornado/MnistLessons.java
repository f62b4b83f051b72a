package org.sevensteps.engine.backend.tornado;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.learn.EpochStats;
import org.sevensteps.engine.learn.Learner;
import org.sevensteps.engine.learn.LessonModels;
import org.sevensteps.engine.learn.MetricsCallback;
import org.sevensteps.engine.learn.ProgressCallback;
import org.sevensteps.engine.learn.ProgressListener;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.loss.Metrics;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.optim.Adam;
import org.sevensteps.engine.optim.Sgd;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/**
 * The lesson models trained on real MNIST as the lessons train them (lessons' {@code TrainingExperiment}:
 * seed 42, the model's weights drawn first from one {@code Rng}, then the shuffling seed; the lesson's
 * learning rate and batch size; validation in batches of 1000), on a prefix of the data so that a test
 * stays short on a slow device. The engine cannot depend on the lessons module (it is the other way
 * round), so the few lines that read the cached IDX files are repeated here.
 */
final class MnistLessons {
    private MnistLessons() {}

    /** Where {@code ./sevensteps} caches MNIST: {@code -Dsevensteps.mnist=DIR}, else {@code ~/.local/share/sevensteps/mnist}. */
    static Path dir() {
        String d = System.getProperty("sevensteps.mnist");
        return d != null ? Path.of(d) : Path.of(System.getProperty("user.home"), ".local", "share", "sevensteps", "mnist");
    }

    /** True when the four IDX files are in {@link #dir()}. */
    static boolean cached() {
        for (String f : FILES) if (!Files.isRegularFile(dir().resolve(f))) return false;
        return true;
    }

    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /**
     * One lesson model with the lesson's defaults (lessons' {@code spec.Model}).
     *
     * @param model the lesson's architecture and initialisation (the same as {@link LessonModels}')
     * @param threesAndSevens MNIST_SAMPLE (3s vs 7s, one score, mnist_loss, batch accuracy) or all ten digits
     * @param adam Adam (the CNNs) or plain SGD
     */
    record Lesson(String name, LessonModels.Recipe model, boolean threesAndSevens, boolean image, boolean adam, float lr, int batchSize) {}

    static final Lesson LINEAR = new Lesson("linear", LessonModels.LINEAR, true, false, false, 1f, 256);
    static final Lesson SIMPLE_NET = new Lesson("simple-net", LessonModels.SIMPLE_NET, true, false, false, 0.1f, 256);
    static final Lesson MLP = new Lesson("mlp", LessonModels.MLP, false, false, false, 0.5f, 64);
    static final Lesson CNN = new Lesson("cnn", LessonModels.CNN, false, true, true, 1e-3f, 64);
    static final Lesson CNN_FIXED = new Lesson("cnn-fixed", LessonModels.CNN_FIXED, false, true, true, 1e-3f, 64);
    static final List<Lesson> ALL = List.of(LINEAR, SIMPLE_NET, MLP, CNN, CNN_FIXED);

    /** One run: every training batch's loss in order, and every epoch's train loss, valid loss and accuracy. */
    record Run(List<Double> losses, List<EpochStats> epochs) {}

    /**
     * Trains {@code lesson} on {@code backend} from seed 42 for {@code epochs} epochs on the first
     * {@code trainImages} training images and {@code validImages} validation images of its data set
     * (at most all of them; 3s vs 7s: the first of the 3s then of the 7s, halves of each count).
     */
    static Run train(Lesson lesson, Backend backend, int epochs, int trainImages, int validImages) {
        return train(lesson, backend, epochs, trainImages, validImages, 0);
    }

    /**
     * The same, with every initial weight moved by one float step (ulp) up or down, the direction drawn
     * from {@code nudge} (0: no change): a run that differs from the plain one by one rounding per
     * weight, to measure how much training amplifies rounding by itself.
     */
    static Run train(Lesson lesson, Backend backend, int epochs, int trainImages, int validImages, long nudge) {
        Dataset train = lesson.threesAndSevens ? threesAndSevens(true, trainImages) : tenDigits(lesson, true, trainImages);
        Dataset valid = lesson.threesAndSevens ? threesAndSevens(false, validImages) : tenDigits(lesson, false, validImages);
        List<Double> losses = new ArrayList<>();
        ProgressListener l = new ProgressListener() {
            @Override public void onBatch(int epoch, int batch, int batches, double trainLoss) { losses.add(trainLoss); }
        };
        Rng rng = new Rng(42);
        Module model = lesson.model.model().apply(rng);
        List<Tensor> p = model.parameters();
        if (nudge != 0) {
            Rng direction = new Rng(nudge);
            for (Tensor t : p) {
                float[] w = t.data();
                for (int i = 0; i < w.length; i++) w[i] = direction.nextInt(2) == 0 ? Math.nextUp(w[i]) : Math.nextDown(w[i]);
            }
        }
        MetricsCallback metrics = new MetricsCallback(lesson.threesAndSevens ? Metrics::batchAccuracy : Metrics::accuracy);
        try (var s = Backends.use(backend)) {
            new Learner(model, lesson.threesAndSevens ? Losses::mnistLoss : Losses::crossEntropy,
                    lesson.adam ? new Adam(p, lesson.lr) : new Sgd(p, lesson.lr),
                    new DataLoader(train, lesson.batchSize, true, rng.nextLong()), new DataLoader(valid, 1000),
                    List.of(metrics, new ProgressCallback(l))).fit(epochs);
        }
        return new Run(losses, metrics.history());
    }

    /**
     * How far run {@code b} is from run {@code a} (the same lesson, seed and data).
     *
     * @param firstApart the first training batch (from 1) whose loss differs by more than 1e-6 relative, 0 if none
     * @param worstFirst the largest relative difference of a batch loss among the first {@code n} batches
     * @param worstLoss the largest relative difference of an epoch's train loss
     * @param worstAccuracy the largest difference of an epoch's validation accuracy, in points (0.01)
     */
    record Agreement(int n, int firstApart, double worstFirst, double worstLoss, double worstAccuracy) {
        static Agreement of(Run a, Run b, int n) {
            if (a.losses().size() != b.losses().size() || a.epochs().size() != b.epochs().size())
                throw new AssertionError("runs of different lengths: " + a.losses().size() + " and " + b.losses().size() + " batches");
            int apart = 0;
            double first = 0, loss = 0, acc = 0;
            for (int i = 0; i < a.losses().size(); i++) {
                double d = relative(a.losses().get(i), b.losses().get(i));
                if (i < n) first = Math.max(first, d);
                if (apart == 0 && d > 1e-6) apart = i + 1;
            }
            for (int e = 0; e < a.epochs().size(); e++) {
                EpochStats x = a.epochs().get(e), y = b.epochs().get(e);
                loss = Math.max(loss, relative(x.trainLoss(), y.trainLoss()));
                acc = Math.max(acc, 100 * Math.abs(x.validAccuracy() - y.validAccuracy()));
            }
            return new Agreement(Math.min(n, a.losses().size()), apart, first, loss, acc);
        }

        static double relative(double a, double b) {
            return Math.abs(a - b) / Math.max(1e-12, Math.abs(a));
        }

        @Override
        public String toString() {
            return String.format("first %d batches within %.1e, first apart (>1e-6) at batch %s, epoch train loss within %.1e, valid accuracy within %.2f points",
                    n, worstFirst, firstApart == 0 ? "none" : firstApart, worstLoss, worstAccuracy);
        }
    }

    // ---- the cached IDX files, read once per process ----

    private static float[] trainPixels, testPixels;
    private static byte[] trainLabels, testLabels;

    private static synchronized void load() {
        if (trainPixels != null) return;
        trainPixels = images(FILES.get(0));
        trainLabels = labels(FILES.get(1));
        testPixels = images(FILES.get(2));
        testLabels = labels(FILES.get(3));
    }

    /** The first n images of all ten digits: x (n,784) or (n,1,28,28), y (n) the digit. */
    private static Dataset tenDigits(Lesson lesson, boolean train, int n) {
        load();
        float[] px = train ? trainPixels : testPixels;
        byte[] lb = train ? trainLabels : testLabels;
        n = Math.min(n, lb.length);
        float[] x = java.util.Arrays.copyOf(px, n * 784), y = new float[n];
        for (int i = 0; i < n; i++) y[i] = lb[i];
        return new Dataset(lesson.image ? Tensor.of(x, n, 1, 28, 28) : Tensor.of(x, n, 784), Tensor.of(y, n));
    }

    /** The first n/2 3s then the first n/2 7s (all of them when n is larger): x (n,784), y (n,1) 1 for a 3. */
    private static Dataset threesAndSevens(boolean train, int n) {
        load();
        float[] px = train ? trainPixels : testPixels;
        byte[] lb = train ? trainLabels : testLabels;
        List<Integer> rows = new ArrayList<>();
        for (int digit : new int[] {3, 7}) {
            int taken = 0;
            for (int i = 0; i < lb.length && taken < n - n / 2; i++) if (lb[i] == digit) { rows.add(i); taken++; }
        }
        float[] x = new float[rows.size() * 784], y = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(px, rows.get(r) * 784, x, r * 784, 784);
            y[r] = lb[rows.get(r)] == 3 ? 1f : 0f;
        }
        return new Dataset(Tensor.of(x, rows.size(), 784), Tensor.of(y, rows.size(), 1));
    }

    /** An idx3 image file as (count, 784) floats in [0,1] (magic 0x0803). */
    private static float[] images(String file) {
        ByteBuffer b = read(file, 0x0803);
        int n = b.getInt() * b.getInt() * b.getInt();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (b.get() & 0xff) / 255f;
        return out;
    }

    /** An idx1 label file (magic 0x0801). */
    private static byte[] labels(String file) {
        ByteBuffer b = read(file, 0x0801);
        byte[] out = new byte[b.getInt()];
        b.get(out);
        return out;
    }

    private static ByteBuffer read(String file, int magic) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir().resolve(file)));
            if (b.getInt() != magic) throw new IllegalStateException(dir().resolve(file) + " is not an IDX file of the expected kind");
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
