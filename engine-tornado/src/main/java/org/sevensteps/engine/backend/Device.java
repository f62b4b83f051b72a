package org.sevensteps.engine.backend;

/**
 * A processor with memory of its own (a GPU), on which {@link Program}s run: recorded training steps
 * whose parameters and optimizer state stay in the device's memory between batches, so that only the
 * batch, the model's output and its gradient move. See {@link Backend#device()}.
 */
public interface Device {

    /** The device as its driver names it, for logs and the bench table. */
    String name();

    /** The backend that computes on host arrays what the device does not: the recording of a step, the loss. */
    Backend host();

    /**
     * Loads a program: device memory for its slots and whatever the device compiles. A device may hand
     * out again what it compiled for an earlier program of the same {@link Program#key()}.
     *
     * @throws RuntimeException when the device cannot run it; the caller then runs that step on the host
     */
    Loaded load(Program program);

    /** Bytes moved between host and device so far, by everything that ran on this device. */
    Traffic traffic();

    /** A program in device memory. One thread uses it at a time; {@link #close()} gives it back. */
    interface Loaded extends AutoCloseable {

        /** The program, whose slots are these. */
        Program program();

        /** Copies values into the state slots, in {@link Program#state()} order. */
        void upload(float[][] state);

        /** Copies the state slots out into {@code state}, in {@link Program#state()} order. */
        void download(float[][] state);

        /** Runs the forward pass on the batch {@code x}; the model's output is copied into {@code preds}. */
        void forward(float[] x, float[] preds);

        /**
         * Runs the backward pass from {@code dpreds} = d(loss)/d(preds) and the update, with the
         * optimizer's per-step floats in {@code hyper}. Needs the forward pass of the same batch just before.
         */
        void backward(float[] dpreds, float[] hyper);

        /** Gives the program back to the device, which may keep it for another of the same key. */
        @Override
        void close();
    }
}
