package org.sevensteps.engine.learn;

/**
 * What one epoch produced.
 *
 * @param epoch from 1
 * @param trainLoss mean training loss over the epoch's samples
 * @param validLoss mean validation loss (NaN without a validation loader)
 * @param validAccuracy validation accuracy in [0,1] (NaN without a validation loader or metric)
 * @param seconds wall time of the training pass, validation excluded
 */
public record EpochStats(int epoch, double trainLoss, double validLoss, double validAccuracy, double seconds) {}
