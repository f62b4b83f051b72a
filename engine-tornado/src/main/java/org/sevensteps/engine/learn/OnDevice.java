package org.sevensteps.engine.learn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.backend.Device;
import org.sevensteps.engine.backend.Op;
import org.sevensteps.engine.backend.Program;
import org.sevensteps.engine.backend.Tape;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.optim.Optimizer;
import org.sevensteps.engine.tensor.Tensor;

/**
 * A model and its optimizer kept on a {@link Device} for one {@link Learner#fit}: the parameters and
 * the optimizer's state stay in device memory from batch to batch, and only the batch goes in, the
 * model's output comes out and its gradient goes back in. The loss runs on the host.
 *
 * <p>Per batch shape (and per pass: training or validation):
 * <ol>
 *   <li>The first batch runs on the host under a {@link Tape}, which records the model's backend calls
 *       (forward, backward, the optimizer's updates). When the program reads arrays that no recorded
 *       call wrote ({@link Program.Role#CONSTANT}), the second batch is recorded too and must give the
 *       same program: an op that computes on the host without the backend would show up there as a
 *       "constant" that changes from batch to batch.
 *   <li>At the next batch of that shape the recording becomes a {@link Program}, the device loads it,
 *       and it is checked: run on the device from the recorded starting values, it must give the
 *       host's results. If it cannot be made or checked, that shape runs on the host from then on
 *       (logged), so a model with an op the device lacks still trains, only slower.
 *   <li>Every later batch of that shape runs on the device: {@link #model()}'s forward runs the
 *       forward pass there; the backward of its output keeps d(loss)/d(output); the optimizer's
 *       {@code step()} hands its updates to {@link #backend()}, which, at the last one, runs the
 *       backward pass and the updates on the device. The Learner's loop does not change.
 * </ol>
 *
 * <p>The host copies of the parameters are brought up to date only when asked: {@link Tensor#data()}
 * of a parameter (a snapshot for the UI, a callback) and the end of the fit copy them back.
 * Afterwards the device copy counts as old, since the caller may have written the host's.
 */
final class OnDevice implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OnDevice.class.getName());

    private final Backend outer;
    private final Device device;
    private final Backend host;
    private final Module model;
    private final List<Tensor> params;
    private final List<float[]> paramArrays = new ArrayList<>();
    private final Module stepModel;
    private final Backend stepBackend;
    private final Map<String, BatchShape> shapes = new HashMap<>();

    // Where the newest parameters and optimizer state are: on the host, in some loaded programs, or both.
    private boolean hostValid = true;
    private final Set<Device.Loaded> valid = new HashSet<>();
    private Device.Loaded owner; // the one whose backward pass made the newest state, while the host's is old

    // The batch in progress: being recorded, or waiting for the optimizer's updates.
    private Recording recording;
    private BatchShape collecting;
    private int taken;
    private float[] dpreds;

    /** One batch shape and pass. */
    private static final class BatchShape {
        final String key;
        Device.Loaded loaded;
        boolean onHost;        // runs op by op on the host: not recordable, or the device failed
        Recorded recorded;     // a finished recording, loaded at this shape's next batch
        Recorded unconfirmed;  // a first recording with constants, waiting for a second one to agree
        int[] predsShape;
        float[] hyper;

        BatchShape(String key) {
            this.key = key;
        }
    }

    /** A batch being recorded. */
    private record Recording(BatchShape shape, Tape tape, float[] x, Tensor preds, boolean training) {}

    /** A finished recording: its program, and the results the device must reproduce. */
    private record Recorded(Program program, Tape tape, float[] x, float[] dpreds, float[] predsAfter, float[][] stateAfter) {}

    /**
     * Keeps {@code model} and {@code optimizer} on the device of {@code backend} until {@link #close()}.
     * Use {@link #model()} in place of the model and make {@link #backend()} current meanwhile.
     */
    OnDevice(Backend backend, Module model, Optimizer optimizer) {
        this.outer = backend;
        this.device = backend.device();
        this.host = device.host();
        this.model = model;
        // the model's parameters and the optimizer's (they differ when some are frozen): all live on the device
        Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Tensor> all = new ArrayList<>();
        for (Tensor p : model.parameters()) if (seen.add(p)) all.add(p);
        for (Tensor p : optimizer.params()) if (seen.add(p)) all.add(p);
        this.params = List.copyOf(all);
        for (Tensor p : params) paramArrays.add(p.data());
        for (Tensor p : params) p.syncFrom(this::toHost);
        this.stepModel = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return OnDevice.this.forward(x);
            }

            @Override
            public List<Tensor> parameters() {
                return model.parameters();
            }

            @Override
            public String toString() {
                return model + " on " + device.name();
            }
        };
        this.stepBackend = new StepBackend();
    }

    /** The model as the training loop sees it: its forward runs on the device once a shape is recorded. */
    Module model() {
        return stepModel;
    }

    /** The backend to make current during the fit: the optimizer's updates go to the device through it. */
    Backend backend() {
        return stepBackend;
    }

    // ------------------------------------------------------------------ one batch

    private synchronized Tensor forward(Tensor x) {
        endStep();
        boolean training = NoGrad.isGradEnabled();
        StringBuilder key = new StringBuilder();
        for (int d : x.shape()) key.append(key.isEmpty() ? "" : "x").append(d);
        key.append(training ? " train" : " eval");
        BatchShape s = shapes.computeIfAbsent(key.toString(), BatchShape::new);
        if (s.recorded != null) load(s);
        if (s.loaded != null) return onDevice(s, x, training);
        if (s.onHost) return onHost(x);
        return record(s, x, training);
    }

    /** The first batch of a shape: on the host, recorded. */
    private Tensor record(BatchShape s, Tensor x, boolean training) {
        toHost(); // the step changes the state on the host
        Tape tape = new Tape(host);
        Tensor preds;
        try (var scope = Backends.use(tape)) {
            preds = model.forward(x);
        }
        tape.markForwardEnd();
        if (training) preds.retainGrad(); // its gradient is the backward pass's input
        s.predsShape = preds.shape();
        recording = new Recording(s, tape, x.data(), preds, training);
        return preds;
    }

    /** A batch of a shape that runs on the host, op by op. */
    private Tensor onHost(Tensor x) {
        toHost();
        try (var scope = Backends.use(host)) {
            return model.forward(x);
        }
    }

    /** A batch of a recorded, checked shape: the forward pass on the device; the rest follows the optimizer. */
    private Tensor onDevice(BatchShape s, Tensor x, boolean training) {
        Device.Loaded loaded = current(s.loaded);
        float[] out = new float[s.loaded.program().length(s.loaded.program().preds())];
        loaded.forward(x.data(), out);
        if (!training) return Tensor.of(out, s.predsShape);
        Tensor preds = Tensor.derived(out, s.predsShape, "onDevice", params.toArray(Tensor[]::new));
        preds.onBackward(() -> dpreds = preds.gradBuffer().clone());
        collecting = s;
        taken = 0;
        dpreds = null;
        return preds;
    }

    /** The optimizer hands over one update of a step on the device; the last one runs the backward pass. */
    private void takeUpdate(Op op, float[] p, float[] floats) {
        Program program = collecting.loaded.program();
        program.takeUpdate(taken++, op, p, floats, collecting.hyper);
        if (taken < program.updates()) return;
        if (dpreds == null) throw new IllegalStateException("the optimizer stepped before backward() reached the model");
        collecting.loaded.backward(dpreds, collecting.hyper);
        hostValid = false;
        valid.clear();
        valid.add(collecting.loaded);
        owner = collecting.loaded;
        collecting = null;
        dpreds = null;
    }

    /** Closes the batch before: a recording becomes a program; a step whose updates did not all come is dropped. */
    private void endStep() {
        if (recording != null) {
            Recording r = recording;
            recording = null;
            finishRecording(r);
        }
        if (collecting != null && taken > 0)
            LOG.log(System.Logger.Level.WARNING, "a training step on the device got {0} of {1} updates: dropped",
                    taken, collecting.loaded.program().updates());
        collecting = null;
    }

    private void finishRecording(Recording r) {
        float[] dp = null;
        if (r.training) {
            Tensor g = r.preds.grad();
            if (g == null) {
                runOnHost(r.shape, "backward() did not reach the model's output");
                return;
            }
            dp = g.data();
        }
        Recorded done;
        try {
            Program program = Program.of(r.tape, r.x, r.preds.data(), dp, paramArrays);
            float[][] after = program.stateArrays();
            for (int i = 0; i < after.length; i++) after[i] = after[i].clone();
            done = new Recorded(program, r.tape, r.x, dp, r.preds.data().clone(), after);
        } catch (Program.NotRecordable e) {
            runOnHost(r.shape, e.getMessage());
            return;
        }
        BatchShape s = r.shape;
        if (!done.program.hasConstants()) {
            s.recorded = done;
        } else if (s.unconfirmed == null) {
            s.unconfirmed = done; // record the next batch of this shape too
        } else if (s.unconfirmed.program.key().equals(done.program.key())) {
            s.unconfirmed = null;
            s.recorded = done;
        } else {
            s.unconfirmed = null;
            runOnHost(s, "two batches gave different programs: some op of this model computes on the host, "
                    + "not through the backend, or its calls depend on the data");
        }
    }

    /** The device loads a recorded shape's program, which must then reproduce the recorded step. */
    private void load(BatchShape s) {
        Recorded r = s.recorded;
        s.recorded = null;
        Device.Loaded loaded;
        try {
            loaded = device.load(r.program);
        } catch (RuntimeException | LinkageError e) {
            runOnHost(s, "the device could not load it: " + e);
            return;
        }
        String wrong;
        try {
            wrong = check(loaded, r);
        } catch (RuntimeException | LinkageError e) {
            wrong = "it failed on the device: " + e;
        }
        if (wrong != null) {
            loaded.close();
            runOnHost(s, wrong);
            return;
        }
        s.loaded = loaded;
        s.hyper = new float[r.program.hyperLength()];
    }

    /** Replays the recorded step on the device from its recorded start; null when it gives the host's results. */
    private static String check(Device.Loaded loaded, Recorded r) {
        Program p = loaded.program();
        float[][] start = p.stateArrays();
        for (int i = 0; i < start.length; i++) start[i] = r.tape.before(start[i]);
        loaded.upload(start);
        float[] out = new float[r.predsAfter.length];
        loaded.forward(r.tape.before(r.x), out);
        String wrong = differs("the output", out, r.predsAfter);
        if (wrong != null || !p.trains()) return wrong;
        float[] hyper = new float[p.hyperLength()];
        int k = 0;
        for (Tape.Call c : r.tape.calls()) if (c.op().isUpdate()) p.takeUpdate(k++, c.op(), c.arrays()[0], c.floats(), hyper);
        loaded.backward(r.tape.before(r.dpreds), hyper);
        float[][] end = new float[start.length][];
        for (int i = 0; i < end.length; i++) end[i] = new float[start[i].length];
        loaded.download(end);
        for (int i = 0; i < end.length && wrong == null; i++) wrong = differs("state array " + i, end[i], r.stateAfter[i]);
        return wrong;
    }

    /** Null when got matches want within float rounding of sums taken in another order, else what differs. */
    static String differs(String what, float[] got, float[] want) {
        double scale = 0;
        for (float v : want) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < want.length; i++) {
            double tol = 1e-4 * scale + 1e-3 * Math.abs(want[i]);
            if (!(Math.abs(got[i] - want[i]) <= tol))
                return what + " differs at " + i + ": " + got[i] + " on the device, " + want[i] + " on the host";
        }
        return null;
    }

    private void runOnHost(BatchShape s, String why) {
        s.onHost = true;
        LOG.log(System.Logger.Level.WARNING, "batches of shape {0} run on the host, op by op, not on {1}: {2}",
                s.key, device.name(), why);
    }

    // ------------------------------------------------------------------ where the newest values are

    /** The loaded program, holding the newest state (uploaded from the host when it does not). */
    private Device.Loaded current(Device.Loaded loaded) {
        if (valid.contains(loaded)) return loaded;
        bringHome();
        loaded.upload(loaded.program().stateArrays());
        valid.add(loaded);
        return loaded;
    }

    /** Copies the newest state to the host, if the host's is old. */
    private void bringHome() {
        if (hostValid) return;
        owner.download(owner.program().stateArrays());
        hostValid = true;
    }

    /**
     * Brings the host copies up to date; afterwards they are the only good ones, since the caller may
     * write them. What a parameter's {@link Tensor#data()} runs while it lives on the device.
     */
    synchronized void toHost() {
        bringHome();
        valid.clear();
        owner = null;
    }

    /** Ends the fit: the host gets the newest values, the device its memory back. A recording not yet loaded is dropped. */
    @Override
    public synchronized void close() {
        recording = null;
        collecting = null;
        try {
            toHost();
        } finally {
            for (Tensor p : params) p.syncFrom(null);
            for (BatchShape s : shapes.values()) if (s.loaded != null) s.loaded.close();
            shapes.clear();
        }
    }

    /** Where each batch shape runs: e.g. "64x784 train" to "device" (or "host", or "recorded": not yet loaded). */
    synchronized Map<String, String> placement() {
        Map<String, String> m = new HashMap<>();
        for (BatchShape s : shapes.values()) m.put(s.key, s.loaded != null ? "device" : s.onHost ? "host" : "recorded");
        return m;
    }

    /**
     * The backend current during the fit: everything runs on the host backend, except the
     * optimizer's updates of a step on the device (collected for its backward pass) or being
     * recorded (they go on the tape).
     */
    private final class StepBackend implements Backend {
        @Override public String name() { return outer.name(); }
        @Override public int threads() { return outer.threads(); }
        @Override public void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) { host.matmulNN(out, a, b, M, K, N); }
        @Override public void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) { host.matmulNT(out, a, b, M, K, N); }
        @Override public void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) { host.matmulTN(out, a, b, M, K, N); }
        @Override public void im2col(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
            host.im2col(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW);
        }
        @Override public void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
            host.col2im(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW);
        }
        @Override public Object conv2d(float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                                       int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
            return host.conv2d(out, x, w, bias, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        }
        @Override public void conv2dBackward(Object saved, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                                             int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
            host.conv2dBackward(saved, dx, dw, dbias, dout, x, w, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        }
        @Override public void relu(float[] out, float[] a, int n) { host.relu(out, a, n); }
        @Override public void reluBackward(float[] da, float[] dout, float[] out, int n) { host.reluBackward(da, dout, out, n); }
        @Override public void addBias(float[] out, float[] bias, int R, int C) { host.addBias(out, bias, R, C); }
        @Override public void addBiasBackward(float[] dbias, float[] dout, int R, int C) { host.addBiasBackward(dbias, dout, R, C); }
        @Override public void avgPool(float[] out, float[] x, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
            host.avgPool(out, x, B, C, H, W, K, stride, OH, OW);
        }
        @Override public void avgPoolBackward(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
            host.avgPoolBackward(dx, dout, B, C, H, W, K, stride, OH, OW);
        }
        @Override public void accumulate(float[] da, float[] dout, int n) { host.accumulate(da, dout, n); }

        @Override
        public void sgd(float[] p, float[] buf, float[] g, float lr, float momentum, float weightDecay, boolean firstStep, int n) {
            synchronized (OnDevice.this) {
                if (recording != null) recording.tape.sgd(p, buf, g, lr, momentum, weightDecay, firstStep, n);
                else if (collecting != null) takeUpdate(Op.SGD, p, new float[] {lr, momentum, weightDecay, firstStep ? 1f : 0f});
                else host.sgd(p, buf, g, lr, momentum, weightDecay, firstStep, n);
            }
        }

        @Override
        public void adam(float[] p, float[] m, float[] v, float[] g, float lr, float b1, float b2, float eps,
                         float weightDecay, float bc1, float bc2, int n) {
            synchronized (OnDevice.this) {
                if (recording != null) recording.tape.adam(p, m, v, g, lr, b1, b2, eps, weightDecay, bc1, bc2, n);
                else if (collecting != null) takeUpdate(Op.ADAM, p, new float[] {lr, b1, b2, eps, weightDecay, bc1, bc2});
                else host.adam(p, m, v, g, lr, b1, b2, eps, weightDecay, bc1, bc2, n);
            }
        }
    }
}
