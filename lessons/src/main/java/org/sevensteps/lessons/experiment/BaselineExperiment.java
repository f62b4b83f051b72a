package org.sevensteps.lessons.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;

/**
 * Lesson 1, pixel similarity: the "ideal" 3 and 7 are the means of every training 3 and 7, and a
 * validation image is called a 3 when it is closer to the ideal 3 than to the ideal 7.
 *
 * <p>Two distances are measured: L1 (mean absolute difference) and RMSE (root of the mean squared
 * difference). The validation digits are classified in chunks, in the order of the MNIST test file,
 * and a {@code batch} event after each chunk carries the running accuracy of both.
 */
public final class BaselineExperiment implements Experiment {
    /** Validation images per progress event: 2038 images give 21 points on the chart. */
    static final int CHUNK = 100;
    /** How many example digits of each kind the lesson shows. */
    static final int SAMPLES = 6;

    @Override
    public void run(RunSpec spec, RunContext ctx) {
        Mnist mnist = ctx.mnist();
        long start = System.nanoTime();
        Digits threes = mnist.threesAndSevens().trainThrees(), sevens = mnist.threesAndSevens().trainSevens();

        // The ideal digits: mean over the stack of images, (N,28,28) -> (28,28).
        Tensor mean3 = stack(threes).mean(0, false);
        Tensor mean7 = stack(sevens).mean(0, false);
        ctx.emit(RunEvent.snapshot(Map.of(
                "mean3", mean3.data(), "mean7", mean7.data(),
                "samples3", samples(threes), "samples7", samples(sevens))));

        // Validation: the 3s and 7s of the test file, in file order.
        Digits test = mnist.test();
        int[] valid = java.util.stream.IntStream.range(0, test.count())
                .filter(i -> test.labels()[i] == 3 || test.labels()[i] == 7).toArray();
        Tally l1 = new Tally(), rmse = new Tally();
        int batch = 0;
        for (int from = 0; from < valid.length; from += CHUNK) {
            ctx.awaitTurn();
            if (ctx.cancelRequested()) return;
            int[] chunk = Arrays.copyOfRange(valid, from, Math.min(from + CHUNK, valid.length));
            Tensor x = Tensor.of(gather(test, chunk), chunk.length, Digits.SIDE, Digits.SIDE);
            // Broadcasting: (B,28,28) - (28,28) subtracts the ideal digit from every image.
            boolean[] l1Says3 = closer(l1Distance(x, mean3), l1Distance(x, mean7));
            boolean[] rmseSays3 = closer(rmseDistance(x, mean3), rmseDistance(x, mean7));
            for (int k = 0; k < chunk.length; k++) {
                boolean is3 = test.labels()[chunk[k]] == 3;
                l1.add(is3, l1Says3[k] == is3);
                rmse.add(is3, rmseSays3[k] == is3);
            }
            ctx.emit(RunEvent.batch(1, ++batch, null, Map.of(
                    "seen", l1.total(), "l1_accuracy", l1.accuracy(), "rmse_accuracy", rmse.accuracy())));
        }

        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("l1_accuracy", l1.accuracy());
        extra.put("rmse_accuracy", rmse.accuracy());
        extra.put("l1_accuracy_threes", l1.accuracyOf(true));
        extra.put("l1_accuracy_sevens", l1.accuracyOf(false));
        extra.put("rmse_accuracy_threes", rmse.accuracyOf(true));
        extra.put("rmse_accuracy_sevens", rmse.accuracyOf(false));
        extra.put("valid_count", l1.total());
        String backend = org.sevensteps.engine.backend.Backends.current().name();
        ctx.emit(RunEvent.epoch(1, null, null, l1.accuracy(), seconds, backend, extra));
        ctx.emit(RunEvent.done(l1.accuracy(), seconds, backend));
    }

    /** distance (B) = |x - ideal|.mean over the last two axes; x (B,28,28), ideal (28,28). */
    public static Tensor l1Distance(Tensor x, Tensor ideal) {
        return x.sub(ideal).abs().view(x.size(0), Digits.PIXELS).mean(1, false);
    }

    /** distance (B) = sqrt(((x - ideal)²).mean over the last two axes). */
    public static Tensor rmseDistance(Tensor x, Tensor ideal) {
        return x.sub(ideal).square().view(x.size(0), Digits.PIXELS).mean(1, false).sqrt();
    }

    /** is3 (B): whether each image is strictly closer to the ideal 3 than to the ideal 7. */
    private static boolean[] closer(Tensor to3, Tensor to7) {
        boolean[] out = new boolean[to3.numel()];
        for (int i = 0; i < out.length; i++) out[i] = to3.data()[i] < to7.data()[i];
        return out;
    }

    private static Tensor stack(Digits d) {
        return Tensor.of(d.pixels(), d.count(), Digits.SIDE, Digits.SIDE);
    }

    private static float[] gather(Digits d, int[] rows) {
        float[] out = new float[rows.length * Digits.PIXELS];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(d.pixels(), rows[k] * Digits.PIXELS, out, k * Digits.PIXELS, Digits.PIXELS);
        }
        return out;
    }

    private static List<float[]> samples(Digits d) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) out.add(d.image(i));
        return out;
    }

    /** Counts right answers, separately for the 3s and the 7s. */
    private static final class Tally {
        private final int[] right = new int[2], seen = new int[2];

        void add(boolean isThree, boolean correct) {
            int k = isThree ? 0 : 1;
            seen[k]++;
            if (correct) right[k]++;
        }

        int total() {
            return seen[0] + seen[1];
        }

        double accuracy() {
            return total() == 0 ? 0 : (right[0] + right[1]) / (double) total();
        }

        double accuracyOf(boolean threes) {
            int k = threes ? 0 : 1;
            return seen[k] == 0 ? 0 : right[k] / (double) seen[k];
        }
    }
}
