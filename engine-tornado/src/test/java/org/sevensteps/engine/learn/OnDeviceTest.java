package org.sevensteps.engine.learn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Op;
import org.sevensteps.engine.backend.SimulatedDevice;
import org.sevensteps.engine.backend.Traffic;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.nn.Linear;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.optim.Sgd;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Training with the model kept on a device, on {@link SimulatedDevice} (separate memory, reference
 * kernels): since the recording and the loss run on the reference backend too, every number must be
 * the reference backend's, bit for bit. A wrong program, a stale copy or a missed clear shows up as a
 * difference.
 */
class OnDeviceTest {

    /** Remembers, at the end of each fit, where each batch shape ran. */
    static final class Placement implements Callback {
        Map<String, String> where = new HashMap<>();

        @Override
        public void cleanupFit(Learner l) {
            where = l.onDevice().placement();
        }
    }

    @Test
    void everyLessonModelTrainsOnTheDeviceExactlyAsOnTheHost() {
        for (LessonModels.Recipe r : LessonModels.ALL) {
            LessonModels.Run ref = LessonModels.train(r, Backend.reference(), 3);
            Placement placement = new Placement();
            LessonModels.Run dev = LessonModels.train(r, new SimulatedDevice(Backend.reference()).backend(), 3, placement);
            assertEquals(ref.losses(), dev.losses(), r.name() + ": batch losses");
            for (int e = 0; e < 3; e++) {
                assertEquals(ref.epochs().get(e).validLoss(), dev.epochs().get(e).validLoss(), r.name() + ": valid loss of epoch " + (e + 1));
            }
            for (int i = 0; i < ref.parameters().size(); i++)
                assertArrayEquals(ref.parameters().get(i).data(), dev.parameters().get(i).data(), r.name() + ": parameter " + i);
            String in = r.image() ? "x1x28x28" : "x784";
            assertEquals(Map.of("64" + in + " train", "device", "52" + in + " train", "device",
                    "64" + in + " eval", "device", "2" + in + " eval", "device"), placement.where, r.name());
        }
    }

    @Test
    void onlyTheBatchTheOutputAndItsGradientMoveEachBatch() {
        for (LessonModels.Recipe r : LessonModels.ALL) {
            SimulatedDevice device = new SimulatedDevice(Backend.reference());
            LessonModels.TrafficPerBatch traffic = new LessonModels.TrafficPerBatch(device::traffic, 1);
            LessonModels.train(r, device.backend(), 2, traffic);
            // the first batch of the epoch uploads the state (validation ran in between); then only x, preds, dpreds
            for (Traffic t : traffic.perBatch().subList(1, 7)) assertEquals(LessonModels.residentBatch(r, 64), t, r.name());
        }
    }

    @Test
    void theHostCopyOfAParameterIsBroughtUpToDateWhenRead() {
        List<float[]> seenRef = new ArrayList<>(), seenDev = new ArrayList<>();
        SimulatedDevice device = new SimulatedDevice(Backend.reference());
        Callback[] readAfterBatch3 = new Callback[2];
        for (int k = 0; k < 2; k++) {
            List<float[]> seen = k == 0 ? seenRef : seenDev;
            readAfterBatch3[k] = new Callback() {
                @Override
                public void afterBatch(Learner l) {
                    if (l.isTraining() && l.batchIndex() == 3) seen.add(l.model().parameters().get(0).data().clone());
                }
            };
        }
        LessonModels.train(LessonModels.MLP, Backend.reference(), 3, readAfterBatch3[0]);
        Traffic before = device.traffic();
        LessonModels.train(LessonModels.MLP, device.backend(), 3, readAfterBatch3[1]);
        assertEquals(3, seenDev.size());
        for (int e = 0; e < 3; e++) assertArrayEquals(seenRef.get(e), seenDev.get(e), "epoch " + (e + 1));
        assertTrue(device.traffic().since(before).toHost() > 3L * 4 * 784 * 50, "each read downloads the parameters");
    }

    /** Doubles its input on the host (Tensor.mul is not a backend op), then a linear layer. */
    static Module doublingThenLinear(Linear lin) {
        return new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return lin.forward(x.mul(2f));
            }

            @Override
            public List<Tensor> parameters() {
                return lin.parameters();
            }
        };
    }

    @Test
    void aModelWithAnOpOutsideTheBackendTrainsOnTheHost() {
        LessonModels.Recipe r = new LessonModels.Recipe("doubling", rng -> doublingThenLinear(new Linear(784, 10, rng)),
                Losses::crossEntropy, p -> new Sgd(p, 0.1f), true, false, 64);
        LessonModels.Run ref = LessonModels.train(r, Backend.reference(), 2);
        Placement placement = new Placement();
        LessonModels.Run dev = LessonModels.train(r, new SimulatedDevice(Backend.reference()).backend(), 2, placement);
        assertEquals(ref.losses(), dev.losses());
        assertEquals("host", placement.where.get("64x784 train"), placement.where.toString());
    }

    @Test
    void aModelThatChangesAnOutputInPlaceOnTheHostTrainsOnTheHost() {
        LessonModels.Recipe r = new LessonModels.Recipe("in place", rng -> {
            Linear lin = new Linear(784, 10, rng);
            return new Module() {
                @Override
                public Tensor forward(Tensor x) {
                    Tensor y = lin.forward(x);
                    y.data()[0] += 1f; // not a backend call: a replay would miss it
                    return y;
                }

                @Override
                public List<Tensor> parameters() {
                    return lin.parameters();
                }
            };
        }, Losses::crossEntropy, p -> new Sgd(p, 0.1f), true, false, 64);
        LessonModels.Run ref = LessonModels.train(r, Backend.reference(), 2);
        Placement placement = new Placement();
        LessonModels.Run dev = LessonModels.train(r, new SimulatedDevice(Backend.reference()).backend(), 2, placement);
        assertEquals(ref.losses(), dev.losses());
        assertEquals("host", placement.where.get("64x784 train"), placement.where.toString());
    }

    @Test
    void aDeviceThatComputesWrongIsCaughtAndTheHostTrains() {
        LessonModels.Run ref = LessonModels.train(LessonModels.SIMPLE_NET, Backend.reference(), 2);
        Placement placement = new Placement();
        SimulatedDevice broken = new SimulatedDevice(Backend.reference()).breaking(Op.RELU);
        LessonModels.Run dev = LessonModels.train(LessonModels.SIMPLE_NET, broken.backend(), 2, placement);
        assertEquals(ref.losses(), dev.losses());
        assertEquals("host", placement.where.get("64x784 train"), placement.where.toString());
    }

    @Test
    void aSecondFitReusesWhatTheDeviceCompiled() {
        SimulatedDevice device = new SimulatedDevice(Backend.reference());
        LessonModels.train(LessonModels.MLP, device.backend(), 2);
        int first = device.compiled.get();
        assertEquals(4, first, "two training shapes, two validation shapes");
        LessonModels.train(LessonModels.MLP, device.backend(), 2);
        assertEquals(first, device.compiled.get());
    }
}
