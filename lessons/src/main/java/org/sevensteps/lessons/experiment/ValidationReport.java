package org.sevensteps.lessons.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.engine.learn.Callback;
import org.sevensteps.engine.learn.Learner;
import org.sevensteps.lessons.mnist.Digits;

/**
 * Looks at every image of the last validation pass: a confusion matrix (rows the true digit, columns
 * the predicted one) and the images the model got most wrong, those with the lowest probability for
 * their true digit. Lesson 5 shows both.
 */
final class ValidationReport implements Callback {
    private final Setup.Labels labels;
    private final int worstKept;
    private final int[][] confusion;
    private final List<Map<String, Object>> worst = new ArrayList<>();
    private static final Comparator<Map<String, Object>> MOST_WRONG_FIRST =
            Comparator.comparingDouble(m -> (double) m.get("probability"));

    /** @param worstKept how many of the worst-classified images to keep */
    ValidationReport(Setup.Labels labels, int worstKept) {
        this.labels = labels;
        this.worstKept = worstKept;
        int n = labels.digits().length;
        this.confusion = new int[n][n];
    }

    private static boolean lastValidation(Learner l) {
        return !l.isTraining() && l.epoch() == l.epochs() - 1;
    }

    /** Before the last validation pass: starts from nothing. */
    @Override
    public void beforeEpoch(Learner l) {
        if (!lastValidation(l)) return;
        for (int[] row : confusion) Arrays.fill(row, 0);
        worst.clear();
    }

    /** After each batch of the last validation pass: counts it and keeps the worst images so far. */
    @Override
    public void afterBatch(Learner l) {
        if (!lastValidation(l)) return;
        int rows = l.batch().size();
        float[] scores = l.preds().data(), targets = l.batch().y().data(), x = l.batch().x().data();
        int classes = scores.length / rows;
        for (int r = 0; r < rows; r++) {
            float[] s = Arrays.copyOfRange(scores, r * classes, (r + 1) * classes);
            int actual = labels.actual(targets[r]), predicted = labels.predicted(s);
            confusion[index(actual)][index(predicted)]++;
            double p = labels.probability(s, actual);
            if (worst.size() == worstKept && p >= (double) worst.getLast().get("probability")) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", TrainingExperiment.forDrawing(x, r * Digits.PIXELS, (r + 1) * Digits.PIXELS));
            m.put("predicted", predicted);
            m.put("actual", actual);
            m.put("probability", p);
            worst.add(m);
            worst.sort(MOST_WRONG_FIRST);
            if (worst.size() > worstKept) worst.removeLast();
        }
    }

    private int index(int digit) {
        int[] d = labels.digits();
        for (int i = 0; i < d.length; i++) if (d[i] == digit) return i;
        throw new IllegalArgumentException("digit " + digit + " is not one of " + Arrays.toString(d));
    }

    /** The digits that name the rows and columns of {@link #confusion()}. */
    int[] digits() {
        return labels.digits();
    }

    /** Counts of (true digit, predicted digit) over the last validation pass; a copy. */
    int[][] confusion() {
        int[][] out = new int[confusion.length][];
        for (int i = 0; i < out.length; i++) out[i] = confusion[i].clone();
        return out;
    }

    /** The worst-classified images, most wrong first: {image, predicted, actual, probability of actual}. */
    List<Map<String, Object>> worst() {
        return List.copyOf(worst);
    }
}
