package org.sevensteps.engine.backend.tornado;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.learn.LessonModels;
import org.sevensteps.engine.learn.LessonModels.Recipe;
import org.sevensteps.engine.learn.LessonModels.Run;

/**
 * With the model kept on the device, training computes exactly what the reference kernels compute,
 * bit for bit, when the device does IEEE arithmetic as Java does: TornadoVM's fused multiply-adds
 * off ({@code -Dtornado.enable.fma=False}) and OpenCL without its fast-math default
 * ({@code -Dtornado.opencl.compiler.flags=-cl-fp32-correctly-rounded-divide-sqrt}). The recording and
 * the loss run on the reference backend too. So nothing of the residency (recording, clearing,
 * hand-over between graphs, per-step numbers, syncing) adds any error: what differs from the CPU
 * backend in {@link TornadoTrainingTest} is rounding, the CPU's summation order and the device's
 * fused and relaxed arithmetic. The {@code tornado} profile runs this class alone in a JVM with
 * those flags; elsewhere it skips itself.
 */
@Timeout(1200)
class TornadoExactTest {
    static TornadoBackend device;

    @BeforeAll
    static void exactDevice() {
        TornadoSkip.unlessRuntimePresent();
        assumeTrue("false".equalsIgnoreCase(System.getProperty("tornado.enable.fma"))
                        && !System.getProperty("tornado.opencl.compiler.flags", "-cl-fast-relaxed-math").contains("fast"),
                "needs -Dtornado.enable.fma=False and OpenCL flags without fast math (the tornado profile's tornado-exact run)");
        device = new TornadoBackend(Backend.reference());
    }

    @Test
    void trainingOnTheDeviceIsTheReferenceBitForBit() {
        for (Recipe r : List.of(LessonModels.MLP, LessonModels.CNN)) {
            Run ref = LessonModels.train(r, Backend.reference(), 3), dev = LessonModels.train(r, device, 3);
            assertEquals(ref.losses(), dev.losses(), r.name() + ": batch losses");
            for (int i = 0; i < ref.parameters().size(); i++)
                assertArrayEquals(ref.parameters().get(i).data(), dev.parameters().get(i).data(), r.name() + ": parameter " + i);
            System.out.printf("%s: %d batch losses and %d parameters identical to the reference%n", r.name(), ref.losses().size(), ref.parameters().size());
        }
    }
}
