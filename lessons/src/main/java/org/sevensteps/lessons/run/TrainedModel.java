package org.sevensteps.lessons.run;

import java.util.List;
import org.sevensteps.engine.tensor.Tensor;

/** A model at the end of a finished run: it classifies a drawn digit and its weights can be exported. */
public interface TrainedModel {

    /** The digits it tells apart ({@code [3, 7]} or {@code [0..9]}), in the order of {@link #classify}. */
    int[] digits();

    /**
     * The probability of each digit for one image.
     *
     * @param pixels 784 grey values in [0,1], row-major, white digit on black like MNIST
     */
    double[] classify(float[] pixels);

    /** The trained parameters, in the model's order (the order of PyTorch's {@code model.parameters()}). */
    List<Tensor> parameters();
}
