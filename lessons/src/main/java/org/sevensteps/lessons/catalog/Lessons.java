package org.sevensteps.lessons.catalog;

import java.util.List;
import java.util.Optional;

/** The course, in order. */
public final class Lessons {
    private Lessons() {}

    public static final List<Lesson> ALL = List.of(
            new Lesson(1, "baseline", "Baseline",
                    "Before any learning: tell 3s from 7s by comparing pixels with the average 3 and 7.", true),
            new Lesson(2, "loss", "Loss",
                    "Why accuracy cannot guide learning, and the smooth loss that can.", true),
            new Lesson(3, "gradient", "Gradient",
                    "Slopes, derivatives and autograd: which way to nudge every weight.", true),
            new Lesson(4, "step", "Step",
                    "Stochastic gradient descent and the learning rate, on a roller-coaster.", true),
            new Lesson(5, "validate", "Validate",
                    "Minibatches, epochs and the training loop, checked on images the model never saw.", true),
            new Lesson(6, "mlp", "MLP",
                    "A non-linearity between two layers, and all ten digits.", true),
            new Lesson(7, "cnn", "CNN",
                    "Convolutions: small filters that slide over the image.", true));

    /** The lesson with this id, if any. */
    public static Optional<Lesson> byId(String id) {
        return ALL.stream().filter(l -> l.id().equals(id)).findFirst();
    }
}
