package org.sevensteps.lessons.experiment;

import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.RunSpec;

/** One thing a student can run: it reads its spec, works, and emits events into the context. */
public interface Experiment {

    /**
     * Runs to the end, to a cancel request, or to an exception. The last event emitted is
     * {@code done} when the run completed; the caller reports errors and cancellations.
     */
    void run(RunSpec spec, RunContext ctx);

    /** The experiment that trains or computes {@code model}. */
    static Experiment of(Model model) {
        return switch (model) {
            case BASELINE -> new BaselineExperiment();
            case LINEAR -> new TrainingExperiment(ThreesVsSevens::linear);
            case SIMPLE_NET -> new TrainingExperiment(ThreesVsSevens::simpleNet);
            case MLP -> new TrainingExperiment(TenDigits::mlp);
            case CNN -> new TrainingExperiment(TenDigits::cnn);
            case CNN_FIXED -> new TrainingExperiment(TenDigits::cnnFixed);
        };
    }
}
