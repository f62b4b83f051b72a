package org.sevensteps.engine.learn;

/** Receives training progress from {@link ProgressCallback}; both methods run on the training thread. */
public interface ProgressListener {

    /**
     * After each training batch's step.
     *
     * @param epoch from 1
     * @param batch from 1
     * @param batches batches per training pass
     * @param trainLoss this batch's loss
     */
    default void onBatch(int epoch, int batch, int batches, double trainLoss) {}

    /** After each epoch's validation pass (or training pass, without validation). */
    default void onEpoch(EpochStats stats) {}
}
