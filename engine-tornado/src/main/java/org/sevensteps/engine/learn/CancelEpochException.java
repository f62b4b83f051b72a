package org.sevensteps.engine.learn;

/** Thrown by a callback to end the current epoch (training or validation pass) early. */
public class CancelEpochException extends RuntimeException {
    public CancelEpochException(String reason) {
        super(reason, null, false, false);
    }
}
