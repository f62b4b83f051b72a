package org.sevensteps.engine.backend.tornado;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.backend.tornado.MnistLessons.Agreement;
import org.sevensteps.engine.backend.tornado.MnistLessons.Lesson;
import org.sevensteps.engine.backend.tornado.MnistLessons.Run;

/**
 * Every lesson model trained on real MNIST with its lesson's defaults (seed 42, learning rate, batch
 * size, data order; {@link MnistLessons}) on the CPU backend and on the device must agree: tightly,
 * batch by batch, while the two runs differ only by rounding, and within the stated tolerances for
 * every epoch's train loss and validation accuracy once training has amplified that rounding. The
 * runs are bounded so that the class takes a few minutes on PoCL: linear and simple-net 2 epochs of
 * all their data, the mlp its whole lesson (3 epochs of 60,000: the run where the device ends 2.7e-3
 * away), the CNNs 1 epoch of the first 12,800 images. docs/gpu.md ("How close the device must be")
 * gives the measurements behind the numbers. Skipped, with a message, without the TornadoVM runtime
 * or the MNIST cache.
 */
@Timeout(900)
class TornadoMnistTest {
    /**
     * The first batches, compared one by one. CPU runs with every initial weight moved by one float
     * step (the rounding envelope, see {@link MnistAgreementReport}) stayed within 1.5e-6 of the plain
     * run over their first 25 batches; the device within 1.4e-7.
     */
    static final int FIRST_BATCHES = 25;
    /** Relative tolerance of each of the first {@link #FIRST_BATCHES} batch losses: above rounding, far below the size of a wrong step. */
    static final double BATCH_TOLERANCE = 1e-5;
    /**
     * Relative tolerance of every epoch's mean train loss: twice the rounding envelope. Of 20 mlp runs on
     * the CPU with their initial weights moved by one float step, 9 ended an epoch more than 1e-3 from
     * the plain run, the farthest 7.3e-3 (the device: 2.7e-3).
     */
    static final double LOSS_TOLERANCE = 1.5e-2;
    /** Tolerance of every epoch's validation accuracy, in percentage points: twice the same runs' 1.49 (the device: 1.34). */
    static final double ACCURACY_POINTS = 3.0;

    /** Every image of the data set. */
    static final int ALL = Integer.MAX_VALUE;

    static TornadoBackend device;
    static Backend cpu;

    @BeforeAll
    static void backendsAndData() {
        TornadoSkip.unlessRuntimePresent();
        TornadoSkip.unless(MnistLessons.cached(), "MNIST is not cached in " + MnistLessons.dir() + ": skipped. Fetch it "
                + "once with ./sevensteps train --model linear --epochs 1 (or pass -Dsevensteps.mnist=DIR)");
        device = (TornadoBackend) Backends.select("tornado", 1).backend();
        cpu = Backends.select("cpu", 1).backend();
    }

    @Test
    void linear() {
        compare(MnistLessons.LINEAR, 2, ALL, ALL);
    }

    @Test
    void simpleNet() {
        compare(MnistLessons.SIMPLE_NET, 2, ALL, ALL);
    }

    @Test
    void mlp() {
        compare(MnistLessons.MLP, 3, ALL, ALL);
    }

    @Test
    void cnn() {
        compare(MnistLessons.CNN, 1, 12_800, 2_000);
    }

    @Test
    void cnnFixed() {
        compare(MnistLessons.CNN_FIXED, 1, 12_800, 2_000);
    }

    static void compare(Lesson lesson, int epochs, int trainImages, int validImages) {
        Run onCpu = MnistLessons.train(lesson, cpu, epochs, trainImages, validImages);
        Run onDevice = MnistLessons.train(lesson, device, epochs, trainImages, validImages);
        Agreement a = Agreement.of(onCpu, onDevice, FIRST_BATCHES);
        for (int e = 0; e < epochs; e++) {
            var c = onCpu.epochs().get(e);
            var d = onDevice.epochs().get(e);
            System.out.printf("%s on MNIST, epoch %d of %d batches: cpu %.2f s, train loss %.6f, valid accuracy %.4f; device %.2f s, %.6f, %.4f%n",
                    lesson.name(), e + 1, onCpu.losses().size() / epochs, c.seconds(), c.trainLoss(), c.validAccuracy(),
                    d.seconds(), d.trainLoss(), d.validAccuracy());
        }
        System.out.printf("%s on MNIST: %s%n", lesson.name(), a);
        assertTrue(a.worstFirst() <= BATCH_TOLERANCE, lesson.name() + ": " + a);
        assertTrue(a.worstLoss() <= LOSS_TOLERANCE, lesson.name() + ": " + a);
        assertTrue(a.worstAccuracy() <= ACCURACY_POINTS, lesson.name() + ": " + a);
        assertEquals(java.util.Set.of(), device.fellBack(), "ops that fell back to the CPU");
    }
}
