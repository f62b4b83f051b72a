package org.sevensteps.engine.learn;

import java.util.List;
import org.sevensteps.engine.backend.Device;
import org.sevensteps.engine.backend.Program;
import org.sevensteps.engine.backend.Tape;

/**
 * A finished recording of one batch: its program, and what the host computed, which the device must
 * reproduce from the same start before it may run that shape ({@link #check}).
 *
 * @param dpreds the array of d(loss)/d(output) the backward pass read, or null for a forward pass alone
 * @param predsAfter the model's output for the recorded batch
 * @param stateAfter the parameters and optimizer state after the step, in {@link Program#state()} order
 */
record Recorded(Program program, Tape tape, float[] x, float[] dpreds, float[] predsAfter, float[][] stateAfter) {

    /** The recording of a step that has just run on the host. @throws Program.NotRecordable see {@link Program#of} */
    static Recorded of(Tape tape, float[] x, float[] preds, float[] dpreds, List<float[]> parameters) {
        Program program = Program.of(tape, x, preds, dpreds, parameters);
        float[][] after = program.stateArrays();
        for (int i = 0; i < after.length; i++) after[i] = after[i].clone();
        return new Recorded(program, tape, x, dpreds, preds.clone(), after);
    }

    /**
     * Replays the recorded step on the device from its recorded start (the values the tape saw first):
     * null when it gives the host's output and state, else what differs.
     */
    String check(Device.Loaded loaded) {
        Program p = loaded.program();
        float[][] start = p.stateArrays();
        for (int i = 0; i < start.length; i++) start[i] = tape.before(start[i]);
        loaded.upload(start);
        float[] out = new float[predsAfter.length];
        loaded.forward(tape.before(x), out);
        String wrong = differs("the output", out, predsAfter);
        if (wrong != null || !p.trains()) return wrong;
        float[] hyper = new float[p.hyperLength()];
        int k = 0;
        for (Tape.Call c : tape.calls()) if (c.op().isUpdate()) p.takeUpdate(k++, c.op(), c.arrays()[0], c.floats(), hyper);
        loaded.backward(tape.before(dpreds), hyper);
        float[][] end = new float[start.length][];
        for (int i = 0; i < end.length; i++) end[i] = new float[start[i].length];
        loaded.download(end);
        for (int i = 0; i < end.length && wrong == null; i++) wrong = differs("state array " + i, end[i], stateAfter[i]);
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
}
