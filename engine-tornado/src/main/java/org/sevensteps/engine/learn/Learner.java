package org.sevensteps.engine.learn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.data.Batch;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.loss.Loss;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.optim.Optimizer;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Trains a model: for each epoch a training pass over {@code train} (predict, loss, backward, step,
 * zero grad) and a validation pass over {@code valid} without grad. Everything else (metrics,
 * progress, stopping) is done by callbacks, which read the learner's state through its getters.
 *
 * <p>When the current backend has a device of its own (a GPU), the model and the optimizer's state
 * stay on it for the whole fit ({@link OnDevice}): the same loop, with {@code model} standing for the
 * model on the device.
 */
public final class Learner {
    private final Module userModel;
    private Module model; // what the loop runs: the user's model, or it on the device during a fit
    private OnDevice onDevice;
    private final Loss loss;
    private final Optimizer optimizer;
    private final DataLoader train;
    private final DataLoader valid;
    private final List<Callback> callbacks;

    private int epochs;
    private int epoch;
    private int batchIndex;
    private boolean training;
    private Batch batch;
    private Tensor preds;
    private Tensor lossValue;
    private String stopReason;

    /** @param valid the validation loader, or null for none */
    public Learner(Module model, Loss loss, Optimizer optimizer, DataLoader train, DataLoader valid, List<Callback> callbacks) {
        this.userModel = model;
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.train = train;
        this.valid = valid;
        this.callbacks = new ArrayList<>(callbacks);
        this.callbacks.sort(Comparator.comparingInt(Callback::order));
    }

    /**
     * Trains for {@code epochs} epochs. Returns normally when done or cancelled by a
     * {@link CancelFitException} (see {@link #stopReason()}); other exceptions propagate after the
     * cleanup events have run.
     */
    public void fit(int epochs) {
        this.epochs = epochs;
        this.stopReason = null;
        Backend backend = Backends.current();
        try (OnDevice onDevice = backend.device() == null ? null : new OnDevice(backend, userModel, optimizer);
             Backends.Scope scope = onDevice == null ? null : Backends.use(onDevice.backend())) {
            this.onDevice = onDevice;
            model = onDevice == null ? userModel : onDevice.model();
            runEpochs();
        } finally {
            model = userModel;
            this.onDevice = null;
        }
    }

    private void runEpochs() {
        try {
            fire(c -> c.beforeFit(this));
            for (epoch = 0; epoch < epochs; epoch++) {
                oneEpoch(true);
                if (valid != null) {
                    try (NoGrad off = NoGrad.scope()) {
                        oneEpoch(false);
                    }
                }
            }
            fire(c -> c.afterFit(this));
        } catch (CancelFitException e) {
            stopReason = e.getMessage();
        } finally {
            fire(c -> c.cleanupFit(this));
        }
    }

    private void oneEpoch(boolean train) {
        this.training = train;
        try {
            fire(c -> c.beforeEpoch(this));
            batchIndex = 0;
            for (Batch b : train ? this.train : valid) {
                oneBatch(b);
                batchIndex++;
            }
            fire(c -> c.afterEpoch(this));
        } catch (CancelEpochException e) {
            // the pass ends early; the next one starts
        } finally {
            fire(c -> c.cleanupEpoch(this));
        }
    }

    private void oneBatch(Batch b) {
        this.batch = b;
        try {
            fire(c -> c.beforeBatch(this));
            preds = model.forward(b.x());
            lossValue = loss.apply(preds, b.y());
            if (training) {
                lossValue.backward();
                optimizer.step();
                optimizer.zeroGrad();
            }
            fire(c -> c.afterBatch(this));
        } catch (CancelBatchException e) {
            // skip the rest of this batch
        } finally {
            fire(c -> c.cleanupBatch(this));
        }
    }

    private void fire(Consumer<Callback> event) {
        for (Callback c : callbacks) event.accept(c);
    }

    /** The first callback of the given type, or null. */
    public <T extends Callback> T callback(Class<T> type) {
        for (Callback c : callbacks) if (type.isInstance(c)) return type.cast(c);
        return null;
    }

    /** During a fit on a device, the model there (which shapes run where); else null. For tests. */
    OnDevice onDevice() { return onDevice; }
    /** The model being trained (the user's, also while it runs on a device). */
    public Module model() { return userModel; }
    public Optimizer optimizer() { return optimizer; }
    public DataLoader trainLoader() { return train; }
    /** The validation loader, or null. */
    public DataLoader validLoader() { return valid; }
    /** Epochs asked for in the running {@link #fit}. */
    public int epochs() { return epochs; }
    /** The current epoch, from 0. */
    public int epoch() { return epoch; }
    /** The current batch within the pass, from 0. */
    public int batchIndex() { return batchIndex; }
    /** Batches in the current pass. */
    public int batchCount() { return (training ? train : valid).batchCount(); }
    /** True in the training pass, false in the validation pass. */
    public boolean isTraining() { return training; }
    /** The current batch. */
    public Batch batch() { return batch; }
    /** The model's output for the current batch. */
    public Tensor preds() { return preds; }
    /** The loss of the current batch. */
    public Tensor loss() { return lossValue; }
    /** Why the last fit stopped early (the CancelFitException's message), or null if it ran to the end. */
    public String stopReason() { return stopReason; }
}
