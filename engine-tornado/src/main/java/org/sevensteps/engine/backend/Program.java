package org.sevensteps.engine.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded training step (or forward pass) as a device runs it: the {@link Tape}'s calls over
 * numbered arrays ("slots"), each slot with a role that says where its values come from and whether
 * they go back to the host.
 *
 * <ul>
 *   <li>{@link Role#STATE}: the parameters and the optimizer's state. They stay on the device from one
 *       batch to the next and move only when {@link Device.Loaded#upload}ed or {@link Device.Loaded#download}ed.
 *   <li>{@link Role#INPUT}: the batch {@code x} for the forward pass; d(loss)/d(preds) and the
 *       optimizers' per-step numbers ({@link #hyperLength()}) for the backward pass. Copied in every run.
 *   <li>{@link Role#OUTPUT}: the model's output {@code preds}, copied out after every forward pass.
 *   <li>{@link Role#CONSTANT}: read but never written, and not an input (a bias of zeros, say):
 *       copied in once.
 *   <li>{@link Role#TEMP}: everything else, activations and gradients: they never leave the device.
 * </ul>
 *
 * The loss is not part of a program: it runs on the host on the small {@code preds}, so any loss
 * works. A forward pass is steps {@code [0, forwardSteps())}, the backward pass and the update the rest.
 */
public final class Program {
    /** Where a slot's values come from and go to; see {@link Program}. */
    public enum Role { STATE, INPUT, OUTPUT, CONSTANT, TEMP }

    /**
     * One call over slots (-1 for a null array). {@code clearFirst[k]}: slot k must be zeroed before the
     * call (it starts a new {@code +=} sum). {@code hyper}: for an update, where its per-step floats are
     * in the backward pass's hyper input, else -1.
     */
    public record Step(Op op, int[] slots, int[] ints, float[] floats, boolean[] clearFirst, int hyper) {}

    /** The recorded step cannot be replayed on a device; the message says why. */
    public static final class NotRecordable extends IllegalStateException {
        NotRecordable(String message) {
            super(message);
        }
    }

    private final List<Step> steps;
    private final int forwardSteps;
    private final int[] length;
    private final Role[] role;
    private final boolean[] inForward, inBackward;
    private final int x, preds, dpreds;
    private final int[] state;
    private final float[][] stateArrays;
    private final float[][] constants;
    private final int hyperLength;
    private final String key;

    private Program(List<Step> steps, int forwardSteps, int[] length, Role[] role, boolean[] inForward, boolean[] inBackward,
                    int x, int preds, int dpreds, int[] state, float[][] stateArrays, float[][] constants, int hyperLength) {
        this.steps = steps;
        this.forwardSteps = forwardSteps;
        this.length = length;
        this.role = role;
        this.inForward = inForward;
        this.inBackward = inBackward;
        this.x = x;
        this.preds = preds;
        this.dpreds = dpreds;
        this.state = state;
        this.stateArrays = stateArrays;
        this.constants = constants;
        this.hyperLength = hyperLength;
        this.key = describe();
    }

    /**
     * The program of a recorded step. {@code x} is the batch, {@code preds} the model's output;
     * {@code dpreds} is d(loss)/d(preds), or null when only the forward pass was recorded;
     * {@code parameters} are the model's parameter arrays. The optimizer's state is found in its calls.
     *
     * @throws NotRecordable when the step cannot be replayed, e.g. an op of the model did not go
     *     through the backend, so the tape saw an array change that no recorded call changed
     */
    public static Program of(Tape tape, float[] x, float[] preds, float[] dpreds, List<float[]> parameters) {
        List<Tape.Call> calls = tape.calls();
        int forwardSteps = tape.forwardEnd() < 0 ? calls.size() : tape.forwardEnd();
        if (forwardSteps == 0) throw new NotRecordable("the forward pass made no backend call");
        if (dpreds == null && forwardSteps != calls.size()) throw new NotRecordable("calls after a forward-only pass");
        if (dpreds != null && calls.stream().skip(forwardSteps).noneMatch(c -> c.op().isUpdate()))
            throw new NotRecordable("the backward pass updated no parameter");

        // slots in order of first use
        Map<float[], Integer> slot = new IdentityHashMap<>();
        List<float[]> arrays = new ArrayList<>();
        for (Tape.Call c : calls) {
            for (float[] a : c.arrays()) {
                if (a != null && !slot.containsKey(a)) {
                    slot.put(a, arrays.size());
                    arrays.add(a);
                }
            }
        }
        int n = arrays.size();
        Role[] role = new Role[n];
        List<Integer> state = new ArrayList<>();
        for (float[] p : parameters) {
            Integer s = slot.get(p);
            if (s != null && role[s] == null) {
                role[s] = Role.STATE;
                state.add(s);
            }
        }
        for (Tape.Call c : calls) {
            if (!c.op().isUpdate()) continue;
            Integer p = slot.get(c.arrays()[0]);
            if (role[p] != Role.STATE) throw new NotRecordable("the optimizer updated an array that is not a parameter of the model");
            for (int k = 1; k < c.arrays().length; k++) {
                if (c.op().access(k) != Op.Access.UPDATE || c.arrays()[k] == null) continue;
                int s = slot.get(c.arrays()[k]);
                if (role[s] == null) {
                    role[s] = Role.STATE;
                    state.add(s);
                }
            }
        }
        int xs = declared(slot, x, "the batch"), ps = declared(slot, preds, "the model's output");
        int ds = dpreds == null ? -1 : declared(slot, dpreds, "the gradient of the loss");
        role[xs] = Role.INPUT;
        role[ps] = Role.OUTPUT;
        if (ds >= 0) role[ds] = Role.INPUT;

        // the rest by first use; then nothing may write what was read from outside
        boolean[] inForward = new boolean[n], inBackward = new boolean[n], written = new boolean[n];
        boolean[] writtenInForward = new boolean[n];
        for (int i = 0; i < calls.size(); i++) {
            Tape.Call c = calls.get(i);
            for (int k = 0; k < c.arrays().length; k++) {
                float[] a = c.arrays()[k];
                if (a == null) continue;
                int s = slot.get(a);
                Op.Access access = c.op().access(k);
                boolean firstWrites = access == Op.Access.WRITE || (access == Op.Access.UPDATE && c.clearFirst()[k]);
                if (!inForward[s] && !inBackward[s] && role[s] == Role.OUTPUT && !firstWrites)
                    throw new NotRecordable("the model's output is read before a recorded call writes it");
                if (role[s] == null) role[s] = firstWrites ? Role.TEMP : Role.CONSTANT;
                (i < forwardSteps ? inForward : inBackward)[s] = true;
                if (access != Op.Access.READ) {
                    written[s] = true;
                    if (i < forwardSteps) writtenInForward[s] = true;
                }
            }
        }
        for (int s = 0; s < n; s++) {
            if (role[s] == Role.CONSTANT && written[s])
                throw new NotRecordable("an array of " + arrays.get(s).length + " floats was changed outside the recorded calls: "
                        + "some op of this model does not go through the backend");
            if (role[s] == Role.INPUT && written[s]) throw new NotRecordable("the step writes into its input");
            if (role[s] == Role.STATE && writtenInForward[s]) throw new NotRecordable("the forward pass writes a parameter");
        }
        if (!writtenInForward[ps]) throw new NotRecordable("the forward pass does not compute the model's output");

        List<Step> steps = new ArrayList<>(calls.size());
        int hyper = 0;
        for (Tape.Call c : calls) {
            int[] slots = new int[c.arrays().length];
            boolean[] clear = new boolean[slots.length];
            for (int k = 0; k < slots.length; k++) {
                slots[k] = c.arrays()[k] == null ? -1 : slot.get(c.arrays()[k]);
                clear[k] = slots[k] >= 0 && c.clearFirst()[k] && (role[slots[k]] == Role.TEMP || role[slots[k]] == Role.OUTPUT);
            }
            int h = -1;
            if (c.op().isUpdate()) {
                h = hyper;
                hyper += c.op().perStep().length;
            }
            steps.add(new Step(c.op(), slots, c.ints(), c.floats(), clear, h));
        }
        int[] length = new int[n];
        float[][] constants = new float[n][];
        for (int s = 0; s < n; s++) {
            length[s] = arrays.get(s).length;
            if (role[s] == Role.CONSTANT) constants[s] = tape.before(arrays.get(s));
        }
        int[] stateSlots = state.stream().mapToInt(Integer::intValue).toArray();
        float[][] stateArrays = new float[stateSlots.length][];
        for (int i = 0; i < stateSlots.length; i++) stateArrays[i] = arrays.get(stateSlots[i]);
        return new Program(List.copyOf(steps), forwardSteps, length, role, inForward, inBackward, xs, ps, ds,
                stateSlots, stateArrays, constants, hyper);
    }

    private static int declared(Map<float[], Integer> slot, float[] a, String what) {
        Integer s = slot.get(a);
        if (s == null) throw new NotRecordable(what + " is not used by any recorded call: some op of this model does not go through the backend");
        return s;
    }

    /** The calls over slots, forward pass first. */
    public List<Step> steps() {
        return steps;
    }

    /** The number of steps of the forward pass; the rest are the backward pass and the update. */
    public int forwardSteps() {
        return forwardSteps;
    }

    /** True when the program has a backward pass and an update, false for a forward pass alone. */
    public boolean trains() {
        return dpreds >= 0;
    }

    /** The number of slots. */
    public int slots() {
        return length.length;
    }

    /** The length of slot s. */
    public int length(int s) {
        return length[s];
    }

    /** The role of slot s. */
    public Role role(int s) {
        return role[s];
    }

    /** True when the forward pass uses slot s. */
    public boolean inForward(int s) {
        return inForward[s];
    }

    /** True when the backward pass (or the update) uses slot s. */
    public boolean inBackward(int s) {
        return inBackward[s];
    }

    /** The slot of the batch x. */
    public int x() {
        return x;
    }

    /** The slot of the model's output. */
    public int preds() {
        return preds;
    }

    /** The slot of d(loss)/d(preds), or -1 for a forward pass alone. */
    public int dpreds() {
        return dpreds;
    }

    /** The state slots: the parameters in the model's order, then the optimizer's state in order of first use. */
    public int[] state() {
        return state.clone();
    }

    /** The host arrays of the state slots, in {@link #state()} order. */
    public float[][] stateArrays() {
        return stateArrays.clone();
    }

    /** True when some slot is a {@link Role#CONSTANT}. */
    public boolean hasConstants() {
        for (float[] c : constants) if (c != null) return true;
        return false;
    }

    /** The value of a constant slot, or null for other roles. */
    public float[] constant(int s) {
        return constants[s];
    }

    /** The number of per-step floats the backward pass reads from its hyper input. */
    public int hyperLength() {
        return hyperLength;
    }

    /** The number of parameter updates in the backward pass. */
    public int updates() {
        return (int) steps.stream().filter(s -> s.op().isUpdate()).count();
    }

    /**
     * Takes the k-th update of a new step, as the optimizer hands it over (a {@link Backend#sgd} or
     * {@link Backend#adam} call): checks it updates the same parameter with the same constants as the
     * recorded one, and writes its per-step floats (learning rate, bias corrections) into {@code hyper}.
     *
     * @throws IllegalStateException when the optimizer does something else than in the recorded step
     */
    public void takeUpdate(int k, Op op, float[] p, float[] floats, float[] hyper) {
        Step step = null;
        for (Step s : steps) if (s.op().isUpdate() && k-- == 0) step = s;
        if (step == null || step.op() != op || stateArrays[indexOfState(step.slots()[0])] != p)
            throw new IllegalStateException("the optimizer's step differs from the recorded one (" + op + ")");
        int[] perStep = op.perStep();
        for (int f = 0; f < floats.length; f++) {
            int j = indexOf(perStep, f);
            if (j >= 0) hyper[step.hyper() + j] = floats[f];
            else if (Float.compare(floats[f], step.floats()[f]) != 0)
                throw new IllegalStateException("the optimizer changed a constant of its update (" + op + " argument " + f + ")");
        }
    }

    private int indexOfState(int s) {
        return indexOf(state, s);
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }

    /**
     * What makes two programs the same for a device: the steps, the slots' lengths and roles, and the
     * constants' values. Two runs of the same lesson model give the same key, so a device can reuse
     * what it compiled for the first.
     */
    public String key() {
        return key;
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("forward ").append(forwardSteps).append(" x ").append(x).append(" preds ").append(preds).append(" dpreds ").append(dpreds).append('\n');
        for (int s = 0; s < length.length; s++) {
            sb.append(s).append(':').append(role[s]).append(' ').append(length[s]);
            if (constants[s] != null) sb.append(" #").append(Arrays.hashCode(constants[s]));
            sb.append('\n');
        }
        for (Step st : steps) {
            sb.append(st.op()).append(Arrays.toString(st.slots())).append(Arrays.toString(st.ints()));
            float[] f = st.floats().clone();
            for (int j : st.op().perStep()) f[j] = Float.NaN; // per-step values are inputs, not structure
            sb.append(Arrays.toString(f)).append(Arrays.toString(st.clearFirst())).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Program(" + steps.size() + " steps, " + forwardSteps + " forward, " + length.length + " slots, "
                + state.length + " state)";
    }
}
