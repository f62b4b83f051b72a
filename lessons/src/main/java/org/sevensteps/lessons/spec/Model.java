package org.sevensteps.lessons.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The models a run can train, with the defaults of the source texts (see {@code shared/lessons.md}).
 * The id is what {@code --model} and {@code "model"} in JSON take.
 */
public enum Model {
    BASELINE("baseline", "Pixel similarity (the ideal 3 and 7)", 1, 0, 0),
    LINEAR("linear", "Linear model 784→1, 3s vs 7s", 20, 1.0, 256),
    SIMPLE_NET("simple-net", "simple_net 784-30-1, 3s vs 7s", 40, 0.1, 256),
    MLP("mlp", "MLP 784-50-10, all ten digits", 3, 0.5, 64),
    CNN("cnn", "CNN 1→16→16→10, as in the source", 15, 1e-3, 64),
    CNN_FIXED("cnn-fixed", "The same CNN without the last ReLU", 15, 1e-3, 64);

    public final String id;
    public final String title;
    public final int defaultEpochs;
    public final double defaultLr;
    public final int defaultBatchSize;

    Model(String id, String title, int defaultEpochs, double defaultLr, int defaultBatchSize) {
        this.id = id;
        this.title = title;
        this.defaultEpochs = defaultEpochs;
        this.defaultLr = defaultLr;
        this.defaultBatchSize = defaultBatchSize;
    }

    /** True for models trained by gradient descent (everything but the baseline). */
    public boolean trains() {
        return this != BASELINE;
    }

    /** The parameters a student may change for this model; the baseline has none. */
    public List<Param> params() {
        if (!trains()) return List.of();
        return List.of(
                new Param("epochs", "Epochs", 1, 100, defaultEpochs),
                new Param("lr", "Learning rate", 1e-6, 10, defaultLr),
                new Param("batch_size", "Batch size", 1, 4096, defaultBatchSize));
    }

    /** The model with this id, if any. */
    public static Optional<Model> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** The ids, for help texts and error messages. */
    public static String ids() {
        return String.join("|", Arrays.stream(values()).map(m -> m.id).toList());
    }
}
