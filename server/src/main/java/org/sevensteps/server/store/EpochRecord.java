package org.sevensteps.server.store;

/** The metrics of one finished epoch of a run. */
public record EpochRecord(String runId, int epoch, Double trainLoss, Double validLoss, double validAccuracy,
        double seconds) {}
