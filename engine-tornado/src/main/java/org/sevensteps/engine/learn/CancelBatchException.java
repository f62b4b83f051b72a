package org.sevensteps.engine.learn;

/** Thrown by a callback to skip the rest of the current batch. */
public class CancelBatchException extends RuntimeException {
    public CancelBatchException(String reason) {
        super(reason, null, false, false);
    }
}
