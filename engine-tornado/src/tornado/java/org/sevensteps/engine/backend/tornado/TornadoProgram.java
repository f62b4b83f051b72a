package org.sevensteps.engine.backend.tornado;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.sevensteps.engine.backend.Device;
import org.sevensteps.engine.backend.Program;
import org.sevensteps.engine.backend.Program.Role;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * A {@link Program} as one TornadoVM execution plan of three task graphs over host arrays of its own,
 * one per slot:
 * <ul>
 *   <li><b>upload</b>: copies the state (parameters, optimizer state) to the device;
 *   <li><b>forward</b>: the batch in, the forward pass, the output back;
 *   <li><b>backward</b>: d(loss)/d(output) and the per-step numbers in, the backward pass and the updates.
 * </ul>
 * The device buffers are handed from graph to graph ({@code persistOnDevice} in one,
 * {@code consumeFromDevice} in the next; they always run in that order), so the state and the
 * activations the backward pass needs never leave the device. Everything else the graphs use is
 * device-only ({@code persistOnDevice} with no copy in), or a constant copied in once.
 * The state comes back only through {@link #download}.
 */
final class TornadoProgram implements Device.Loaded {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int UPLOAD = 0, FORWARD = 1, BACKWARD = 2;

    private final Program shape;     // the program it was built for: same key as any it is bound to
    private Program program;          // the program it runs now (its host state arrays)
    private final float[][] mem;      // per slot: the arrays the graphs are built over
    private final float[] hyper;
    private final TornadoExecutionPlan plan;
    private final TornadoDevice device;
    private final long firstForwardBytes, firstBackwardBytes;
    private boolean forwardRan, backwardRan;
    private TornadoExecutionResult last;
    private boolean broken;
    private final boolean outputToBackward; // the backward pass reads the output: it stays on the device, copied out on demand

    TornadoProgram(Program p, TornadoDevice device) {
        this.shape = p;
        this.program = p;
        this.device = device;
        this.mem = new float[p.slots()][];
        for (int s = 0; s < mem.length; s++) mem[s] = p.constant(s) != null ? p.constant(s).clone() : new float[p.length(s)];
        this.hyper = new float[Math.max(1, p.hyperLength())];
        String id = "program" + IDS.incrementAndGet();
        Object[] state = arrays(p.state());

        TaskGraph upload = new TaskGraph(id + "upload").transferToDevice(DataTransferMode.EVERY_EXECUTION, state);
        for (int k = 0; k < state.length; k++) upload.task("s" + k, TornadoKernels::touch, (float[]) state[k]);
        upload.persistOnDevice(state);

        // what the backward pass needs from the forward one: the state (the optimizer's too, which
        // the forward pass only hands on) and the activations and inputs it reads again
        List<Object> handedOn = new ArrayList<>(List.of(state));
        for (int s = 0; s < mem.length; s++) if (p.role(s) != Role.STATE && p.inForward(s) && p.inBackward(s)) handedOn.add(mem[s]);
        this.outputToBackward = p.inBackward(p.preds());

        Graph forward = new Graph(id + "forward", p, 0, p.forwardSteps());
        forward.consume(upload, state);
        forward.in(mem[p.x()]);
        forward.build();
        if (!outputToBackward) forward.g.transferToHost(DataTransferMode.EVERY_EXECUTION, mem[p.preds()]);
        forward.g.persistOnDevice(handedOn.toArray());
        this.firstForwardBytes = forward.firstBytes;

        if (p.trains()) {
            Graph backward = new Graph(id + "backward", p, p.forwardSteps(), p.steps().size());
            backward.consume(forward.g, handedOn.toArray());
            backward.in(mem[p.dpreds()]);
            backward.in(hyper);
            backward.build();
            backward.g.persistOnDevice(state);
            this.firstBackwardBytes = backward.firstBytes;
            this.plan = new TornadoExecutionPlan(upload.snapshot(), forward.g.snapshot(), backward.g.snapshot());
        } else {
            this.firstBackwardBytes = 0;
            this.plan = new TornadoExecutionPlan(upload.snapshot(), forward.g.snapshot());
        }
    }

    private Object[] arrays(int[] slots) {
        Object[] a = new Object[slots.length];
        for (int i = 0; i < slots.length; i++) a[i] = mem[slots[i]];
        return a;
    }

    /** One task graph of the program: the steps [from, to), and the arrays it has declared. */
    private final class Graph {
        final TaskGraph g;
        final Program p;
        final int from, to;
        final Set<Object> declared = Collections.newSetFromMap(new IdentityHashMap<>());
        long firstBytes;

        Graph(String name, Program p, int from, int to) {
            this.g = new TaskGraph(name);
            this.p = p;
            this.from = from;
            this.to = to;
        }

        /** Uses the device buffers {@code source} left on the device. */
        void consume(TaskGraph source, Object[] arrays) {
            g.consumeFromDevice(source.getTaskGraphName(), arrays);
            for (Object a : arrays) declared.add(a);
        }

        /** Copied in at every run. */
        void in(float[] a) {
            g.transferToDevice(DataTransferMode.EVERY_EXECUTION, a);
            declared.add(a);
        }

        /**
         * Declares what the steps use and is not declared yet, then adds the tasks. Those arrays are
         * copied in at the first run only: the constants, and activations, gradients and a
         * convolution's columns, which the steps overwrite or clear before reading.
         */
        void build() {
            Steps steps = new Steps(mem, hyper);
            for (int i = from; i < to; i++) steps.plan(p.steps().get(i));
            List<Object> once = new ArrayList<>();
            for (Program.Step st : p.steps().subList(from, to)) {
                for (int s : st.slots()) {
                    if (s >= 0 && declared.add(mem[s])) once.add(mem[s]);
                }
            }
            once.addAll(steps.scratch());
            for (Object a : once) firstBytes += 4L * ((float[]) a).length;
            if (!once.isEmpty()) g.transferToDevice(DataTransferMode.FIRST_EXECUTION, once.toArray());
            steps.addTo(g);
        }
    }

    @Override
    public Program program() {
        return program;
    }

    /** Binds it to another program of the same key (another run of the same model). */
    void bind(Program p) {
        if (!p.key().equals(shape.key())) throw new IllegalArgumentException("another program");
        this.program = p;
    }

    @Override
    public void upload(float[][] state) {
        int[] slots = program.state();
        long bytes = 0;
        for (int i = 0; i < slots.length; i++) {
            System.arraycopy(state[i], 0, mem[slots[i]], 0, mem[slots[i]].length);
            bytes += 4L * mem[slots[i]].length;
        }
        last = run(UPLOAD);
        device.counted(bytes, 0);
    }

    @Override
    public void download(float[][] state) {
        int[] slots = program.state();
        Object[] a = arrays(slots);
        try {
            last.transferToHost(a);
        } catch (RuntimeException | LinkageError e) {
            broken = true;
            throw e;
        }
        long bytes = 0;
        for (int i = 0; i < slots.length; i++) {
            System.arraycopy(mem[slots[i]], 0, state[i], 0, mem[slots[i]].length);
            bytes += 4L * mem[slots[i]].length;
        }
        device.counted(0, bytes);
    }

    @Override
    public void forward(float[] x, float[] preds) {
        float[] xs = mem[program.x()], ps = mem[program.preds()];
        System.arraycopy(x, 0, xs, 0, xs.length);
        last = run(FORWARD);
        if (outputToBackward) last.transferToHost(ps);
        System.arraycopy(ps, 0, preds, 0, ps.length);
        device.counted(4L * xs.length + (forwardRan ? 0 : firstForwardBytes), 4L * ps.length);
        forwardRan = true;
    }

    @Override
    public void backward(float[] dpreds, float[] hyper) {
        float[] ds = mem[program.dpreds()];
        System.arraycopy(dpreds, 0, ds, 0, ds.length);
        System.arraycopy(hyper, 0, this.hyper, 0, hyper.length);
        last = run(BACKWARD);
        device.counted(4L * ds.length + 4L * hyper.length + (backwardRan ? 0 : firstBackwardBytes), 0);
        backwardRan = true;
    }

    private TornadoExecutionResult run(int graph) {
        try {
            return plan.withGraph(graph).execute();
        } catch (RuntimeException | LinkageError e) {
            broken = true;
            throw e;
        }
    }

    /** True after a graph failed: it is freed, not handed out again. */
    boolean broken() {
        return broken;
    }

    @Override
    public void close() {
        device.giveBack(this);
    }

    /** Frees the device memory of all three graphs. */
    void free() {
        try {
            plan.close();
        } catch (Exception e) {
            System.getLogger(TornadoProgram.class.getName()).log(System.Logger.Level.WARNING, "closing a TornadoVM plan: {0}", String.valueOf(e));
        }
    }
}
