package org.sevensteps.engine.backend;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device for tests, without TornadoVM: its memory is separate arrays, one per slot, and it runs a
 * {@link Program} with the reference kernels. What a host-side bug would read from stale memory on a
 * GPU, it reads here too. {@link #breaking} makes one op compute garbage, to test what happens when a
 * device gets a program wrong.
 */
public final class SimulatedDevice implements Device {
    private final Backend host;
    private final Map<String, ArrayDeque<Sim>> free = new HashMap<>();
    private final AtomicLong toDevice = new AtomicLong(), toHost = new AtomicLong();
    /** Programs compiled, i.e. loaded without one of the same key to hand out again. */
    public final AtomicInteger compiled = new AtomicInteger();
    private volatile Op broken;

    /** A device whose recordings the {@code host} backend computes. */
    public SimulatedDevice(Backend host) {
        this.host = host;
    }

    /** A backend named "sim" with this device: its own kernels are the reference ones. */
    public Backend backend() {
        SimulatedDevice d = this;
        return new Backend() {
            @Override
            public String name() {
                return "sim";
            }

            @Override
            public Device device() {
                return d;
            }
        };
    }

    /** From now on, every call of {@code op} on this device writes NaN into its first array (null: none). */
    public SimulatedDevice breaking(Op op) {
        this.broken = op;
        return this;
    }

    @Override
    public String name() {
        return "simulated device";
    }

    @Override
    public Backend host() {
        return host;
    }

    @Override
    public synchronized Loaded load(Program program) {
        ArrayDeque<Sim> q = free.get(program.key());
        Sim s = q == null ? null : q.poll();
        if (s == null) {
            compiled.incrementAndGet();
            s = new Sim(program);
        }
        s.bind(program);
        return s;
    }

    @Override
    public Traffic traffic() {
        return new Traffic(toDevice.get(), toHost.get());
    }

    private synchronized void giveBack(Sim s) {
        free.computeIfAbsent(s.program.key(), k -> new ArrayDeque<>()).push(s);
    }

    private final class Sim implements Loaded {
        private final float[][] mem;
        private Program program;

        Sim(Program p) {
            mem = new float[p.slots()][];
            for (int s = 0; s < mem.length; s++) {
                mem[s] = new float[p.length(s)];
                if (p.constant(s) != null) System.arraycopy(p.constant(s), 0, mem[s], 0, mem[s].length);
            }
        }

        void bind(Program p) {
            this.program = p;
        }

        @Override
        public Program program() {
            return program;
        }

        @Override
        public void upload(float[][] state) {
            int[] slots = program.state();
            for (int i = 0; i < slots.length; i++) copy(state[i], mem[slots[i]], toDevice);
        }

        @Override
        public void download(float[][] state) {
            int[] slots = program.state();
            for (int i = 0; i < slots.length; i++) copy(mem[slots[i]], state[i], toHost);
        }

        @Override
        public void forward(float[] x, float[] preds) {
            copy(x, mem[program.x()], toDevice);
            run(0, program.forwardSteps(), null);
            copy(mem[program.preds()], preds, toHost);
        }

        @Override
        public void backward(float[] dpreds, float[] hyper) {
            copy(dpreds, mem[program.dpreds()], toDevice);
            toDevice.addAndGet(4L * hyper.length);
            run(program.forwardSteps(), program.steps().size(), hyper);
        }

        private void run(int from, int to, float[] hyper) {
            for (Program.Step st : program.steps().subList(from, to)) {
                float[][] a = new float[st.slots().length][];
                for (int k = 0; k < a.length; k++) {
                    if (st.slots()[k] < 0) continue;
                    a[k] = mem[st.slots()[k]];
                    if (st.clearFirst()[k]) Arrays.fill(a[k], 0f);
                }
                float[] f = st.floats().clone();
                int[] perStep = st.op().perStep();
                for (int j = 0; j < perStep.length; j++) f[perStep[j]] = hyper[st.hyper() + j];
                st.op().run(Backend.reference(), a, st.ints(), f);
                if (st.op() == broken) Arrays.fill(a[0], Float.NaN);
            }
        }

        private void copy(float[] from, float[] to, AtomicLong counter) {
            System.arraycopy(from, 0, to, 0, to.length);
            counter.addAndGet(4L * to.length);
        }

        @Override
        public void close() {
            giveBack(this);
        }
    }
}
