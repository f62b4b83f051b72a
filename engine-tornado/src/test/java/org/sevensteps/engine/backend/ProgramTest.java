package org.sevensteps.engine.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.backend.Program.Role;

/** What a recorded step becomes: the roles of its arrays, the clears, the per-step floats. */
class ProgramTest {
    final int B = 4, C = 3, OC = 2;
    final float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, w = {1, 0, -1, 2, 1, 0}, b = {0.5f, -0.5f};

    /** One SGD step of a linear layer, out = x·wᵀ + b, as the engine's ops call the backend. */
    Program linearStep(Tape tape, float[] x) {
        float[] out = new float[B * OC], dout = new float[B * OC], dw = new float[w.length], db = new float[OC];
        tape.matmulNT(out, x, w, B, C, OC);
        tape.addBias(out, b, B, OC);
        tape.markForwardEnd();
        for (int i = 0; i < dout.length; i++) dout[i] = out[i] / 10; // the loss's gradient, from the host
        tape.matmulTN(dw, dout, x, OC, B, C);
        tape.addBiasBackward(db, dout, B, OC);
        tape.sgd(w, null, dw, 0.1f, 0f, 0f, true, w.length);
        tape.sgd(b, null, db, 0.1f, 0f, 0f, true, b.length);
        return Program.of(tape, x, out, dout, List.of(w, b));
    }

    @Test
    void eachArrayGetsItsRole() {
        Program p = linearStep(new Tape(Backend.reference()), x);
        assertEquals(2, p.forwardSteps());
        assertEquals(Role.INPUT, p.role(p.x()));
        assertEquals(Role.OUTPUT, p.role(p.preds()));
        assertEquals(Role.INPUT, p.role(p.dpreds()));
        int[] state = p.state();
        assertEquals(2, state.length);
        assertSame(w, p.stateArrays()[0]);
        assertSame(b, p.stateArrays()[1]);
        assertEquals(Role.TEMP, p.role(p.steps().get(2).slots()[0]), "dw");
        assertTrue(p.inForward(p.x()) && p.inBackward(p.x()), "x is read again by the backward pass");
        assertFalse(p.hasConstants());
        assertEquals(4, p.hyperLength(), "learning rate and first-step flag of each update");
        assertEquals(2, p.updates());
    }

    @Test
    void sumsStartedInFreshBuffersAreClearedFirst() {
        Program p = linearStep(new Tape(Backend.reference()), x);
        assertTrue(p.steps().get(0).clearFirst()[0], "matmul into a new output");
        assertFalse(p.steps().get(1).clearFirst()[0], "the bias adds to the matmul's sum");
        assertTrue(p.steps().get(2).clearFirst()[0], "the weight's gradient");
        assertFalse(p.steps().get(4).clearFirst()[0], "a parameter is never cleared");
    }

    @Test
    void theSameStepOnOtherValuesIsTheSameProgram() {
        float[] x2 = x.clone();
        x2[0] = 100;
        assertEquals(linearStep(new Tape(Backend.reference()), x).key(), linearStep(new Tape(Backend.reference()), x2).key());
    }

    @Test
    void theOptimizersPerStepFloatsGoToTheHyperInput() {
        Program p = linearStep(new Tape(Backend.reference()), x);
        float[] hyper = new float[p.hyperLength()];
        p.takeUpdate(0, Op.SGD, w, new float[] {0.05f, 0f, 0f, 0f}, hyper);
        p.takeUpdate(1, Op.SGD, b, new float[] {0.05f, 0f, 0f, 0f}, hyper);
        assertArrayEquals(new float[] {0.05f, 0f, 0.05f, 0f}, hyper);
        assertThrows(IllegalStateException.class, () -> p.takeUpdate(0, Op.SGD, b, new float[] {0.05f, 0f, 0f, 0f}, hyper), "another parameter");
        assertThrows(IllegalStateException.class, () -> p.takeUpdate(0, Op.SGD, w, new float[] {0.05f, 0.9f, 0f, 0f}, hyper), "momentum changed");
    }

    @Test
    void anArrayChangedOutsideTheRecordedCallsIsNotRecordable() {
        Tape tape = new Tape(Backend.reference());
        float[] h = new float[B * C], out = new float[B * OC];
        for (int i = 0; i < h.length; i++) h[i] = 2 * x[i]; // computed on the host, not through the backend
        tape.matmulNT(out, h, w, B, C, OC);
        Program.NotRecordable e = assertThrows(Program.NotRecordable.class, () -> Program.of(tape, x, out, null, List.of(w)));
        assertTrue(e.getMessage().contains("does not go through the backend"), e.getMessage());
        // read from outside, then written: not a constant either
        Tape t2 = new Tape(Backend.reference());
        float[] acc = {1, 1, 1, 1, 1, 1, 1, 1};
        t2.matmulNT(acc, x, w, B, C, OC);
        assertThrows(Program.NotRecordable.class, () -> Program.of(t2, x, acc, null, List.of(w)));
    }
}
