package org.sevensteps.engine.backend.tornado;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.backend.Traffic;
import org.sevensteps.engine.learn.LessonModels;
import org.sevensteps.engine.learn.LessonModels.Recipe;
import org.sevensteps.engine.learn.LessonModels.Run;
import org.sevensteps.engine.learn.LessonModels.TrafficPerBatch;

/**
 * Every lesson model ({@link LessonModels}: linear, simple-net, mlp, cnn, cnn-fixed) trained for a
 * few epochs once on the CPU backend and once on the TornadoVM device from the same seed: every batch
 * loss must agree within {@link #TOLERANCE}, and a training batch on the device must move only the
 * batch, the output, its gradient and the optimizer's per-step numbers (the model stays there).
 */
@Timeout(1800)
class TornadoTrainingTest {
    /** Relative agreement of every batch loss. Float sums in another order drift by ~1e-6 a step. */
    static final double TOLERANCE = 1e-3;
    static final int EPOCHS = 3;

    static TornadoBackend tornado;
    static Backend cpu;

    @BeforeAll
    static void backends() {
        TornadoSkip.unlessRuntimePresent();
        tornado = (TornadoBackend) Backends.select("tornado", 1).backend();
        cpu = Backends.select("cpu", 1).backend();
    }

    @Test
    void linearTrainsTheSameOnTheDevice() {
        compare(LessonModels.LINEAR);
    }

    @Test
    void simpleNetTrainsTheSameOnTheDevice() {
        compare(LessonModels.SIMPLE_NET);
    }

    @Test
    void mlpTrainsTheSameOnTheDevice() {
        compare(LessonModels.MLP);
    }

    @Test
    void cnnTrainsTheSameOnTheDevice() {
        compare(LessonModels.CNN);
    }

    @Test
    void cnnFixedTrainsTheSameOnTheDevice() {
        compare(LessonModels.CNN_FIXED);
    }

    static void compare(Recipe r) {
        TrafficPerBatch traffic = new TrafficPerBatch(tornado::traffic, EPOCHS - 1);
        Run onCpu = LessonModels.train(r, cpu, EPOCHS), onDevice = LessonModels.train(r, tornado, EPOCHS, traffic);
        assertEquals(onCpu.losses().size(), onDevice.losses().size());
        double worst = 0;
        for (int i = 0; i < onCpu.losses().size(); i++) {
            double a = onCpu.losses().get(i), b = onDevice.losses().get(i);
            worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-6, Math.abs(a)));
        }
        System.out.printf("%s: %d batches, first loss %.5f cpu / %.5f tornado, last %.5f / %.5f, worst relative diff %.2e%n",
                r.name(), onCpu.losses().size(), onCpu.losses().getFirst(), onDevice.losses().getFirst(),
                onCpu.losses().getLast(), onDevice.losses().getLast(), worst);
        for (int e = 0; e < EPOCHS; e++) {
            System.out.printf("  epoch %d: cpu %.3f s, tornado %.3f s%n", e + 1, onCpu.epochs().get(e).seconds(), onDevice.epochs().get(e).seconds());
        }
        List<Traffic> batches = traffic.perBatch();
        System.out.printf("  bytes of each training batch in epoch %d (to device / to host): %s%n", EPOCHS, batches);
        assertTrue(worst < TOLERANCE, r.name() + ": batch losses differ by " + worst + " (relative)");
        double firstEpoch = onDevice.epochs().getFirst().trainLoss(), lastEpoch = onDevice.epochs().getLast().trainLoss();
        assertTrue(lastEpoch < firstEpoch, r.name() + " did not learn on the device: " + firstEpoch + " then " + lastEpoch);
        assertEquals(java.util.Set.of(), tornado.fellBack(), "ops that fell back to the CPU");
        // the full batches after the first (which uploads the state validation left on the host) move only
        // the batch, the output, its gradient and the per-step numbers: the model stayed on the device
        for (Traffic t : batches.subList(1, batches.size() - 1)) assertEquals(LessonModels.residentBatch(r, r.batchSize()), t, r.name());
    }

    @Test
    void opByOpEveryBatchMovesTheWeightsAndActivations() {
        TornadoBackend opByOp = tornado.opByOp();
        assertNull(opByOp.device());
        for (Recipe r : List.of(LessonModels.MLP)) {
            TrafficPerBatch traffic = new TrafficPerBatch(opByOp::traffic, 1);
            Run run = LessonModels.train(r, opByOp, 2, traffic);
            Traffic batch = traffic.perBatch().get(1);
            System.out.printf("%s op by op: %s per training batch; resident: %s%n", r.name(), batch, LessonModels.residentBatch(r, r.batchSize()));
            assertTrue(batch.total() > 2 * LessonModels.residentBatch(r, r.batchSize()).total(), batch.toString());
            assertTrue(run.epochs().getLast().trainLoss() < run.epochs().getFirst().trainLoss());
        }
    }
}
