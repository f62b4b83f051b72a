package org.sevensteps.lessons.mnist;

/** MNIST could not be found, fetched or verified; the message says what to do about it. */
public class MnistException extends RuntimeException {
    public MnistException(String message) {
        super(message);
    }

    public MnistException(String message, Throwable cause) {
        super(message, cause);
    }
}
