package org.sevensteps.engine.learn;

/**
 * Hooks into {@link Learner#fit}. Callbacks run in ascending {@link #order()}; each hook says when it
 * fires. "Epoch" here is one pass over one loader: a training pass, then (if there is a validation
 * loader) a validation pass, told apart by {@link Learner#isTraining()}. Throw
 * {@link CancelFitException}, {@link CancelEpochException} or {@link CancelBatchException} to stop.
 */
public interface Callback {

    /** Lower runs first. Default 0. */
    default int order() { return 0; }

    /** Once, before the first epoch. */
    default void beforeFit(Learner l) {}

    /** Once, after the last epoch, unless training was cancelled or failed. */
    default void afterFit(Learner l) {}

    /** Once, when fit ends for any reason (completed, cancelled or failed). */
    default void cleanupFit(Learner l) {}

    /** Before each training or validation pass. */
    default void beforeEpoch(Learner l) {}

    /** After each pass that was not cancelled or failed. */
    default void afterEpoch(Learner l) {}

    /** After each pass, however it ended. */
    default void cleanupEpoch(Learner l) {}

    /** Before each batch is predicted. */
    default void beforeBatch(Learner l) {}

    /** After each batch: predicted, loss computed, and when training, the step taken. */
    default void afterBatch(Learner l) {}

    /** After each batch, however it ended. */
    default void cleanupBatch(Learner l) {}
}
