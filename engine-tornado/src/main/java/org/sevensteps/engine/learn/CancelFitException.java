package org.sevensteps.engine.learn;

/** Thrown by a callback to stop training; the cleanup events still run. The message says why. */
public class CancelFitException extends RuntimeException {
    public CancelFitException(String reason) {
        super(reason, null, false, false);
    }
}
