package org.sevensteps.lessons.run;

import org.sevensteps.lessons.mnist.Mnist;

/** What an experiment may use while it runs, and where its events go. */
public interface RunContext {

    /** MNIST, loaded once per process (the first call may take a few seconds). */
    Mnist mnist();

    /** Reports an event to whoever watches the run (the terminal, a websocket, the database). */
    void emit(RunEvent event);

    /** True once somebody asked the run to stop; experiments check it between batches. */
    boolean cancelRequested();

    /**
     * Called before each step of an experiment (a training batch; the baseline's next chunk of digits):
     * holds while the run is paused, until a resume, a Step (then exactly one step goes) or a cancel.
     * Never called in a validation pass, so that every Step trains a batch the student sees.
     */
    default void awaitTurn() {}

    /**
     * True while the run is paused and goes on one Step at a time: experiments then report every
     * batch, so each Step shows. Read after a batch.
     */
    default boolean paused() {
        return false;
    }

    /** Hands over the model of a run that finished, for classifying drawings and exporting weights. */
    default void trained(TrainedModel model) {}
}
