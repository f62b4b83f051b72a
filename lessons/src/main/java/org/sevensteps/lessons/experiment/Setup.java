package org.sevensteps.lessons.experiment;

import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.loss.Loss;
import org.sevensteps.engine.loss.Metrics.Metric;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.optim.Optimizer;
import org.sevensteps.engine.tensor.Tensor;

/**
 * One training experiment, ready to run: what a {@link TrainingExperiment.Recipe} builds.
 *
 * @param train the training images and targets
 * @param valid the validation images and targets (from the MNIST test file)
 * @param model the untrained model, its weights drawn from the run's Rng
 * @param loss what the optimizer minimises
 * @param metric the validation accuracy
 * @param optimizer updates the model's parameters
 * @param firstLayer the weights drawn in snapshots: each row of weightsSide² values is one unit or filter
 * @param weightsSide the side of one drawn row (28 for a layer on pixels, 3 for a 3×3 filter)
 * @param labels turns scores and targets into the digits a student reads
 * @param featureMaps the model's first stage (a convolution and its ReLU), whose output channels are
 *     drawn as images; null when the model has no such maps
 */
public record Setup(Dataset train, Dataset valid, Module model, Loss loss, Metric metric, Optimizer optimizer,
        Tensor firstLayer, int weightsSide, Labels labels, Module featureMaps) {

    /** Digits from model outputs and targets. */
    public interface Labels {
        /** The digits the model tells apart, in the order of a confusion matrix. */
        int[] digits();

        /** The digit a model predicts from one image's scores. */
        int predicted(float[] scores);

        /** The digit a target stands for. */
        int actual(float target);

        /** The probability the model gives to {@code digit}, from one image's scores. */
        double probability(float[] scores, int digit);
    }
}
