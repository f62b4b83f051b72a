package org.sevensteps.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;

class BenchTest {

    @Test
    void aLineOfThePyTorchScriptBecomesAResult() {
        Workloads.Result r = TorchRunner.parse(
                "{\"workload\": \"D\", \"threads\": 2, \"ms\": [301.2, 298.7], \"cpu_ms\": [300.5, 297.0], \"accuracy\": 0.9647}");
        assertEquals("D", r.workload());
        assertEquals(List.of(301.2, 298.7), r.ms());
        assertEquals(List.of(300.5, 297.0), r.cpuMs());
        assertEquals(0.9647, r.accuracy(), 1e-12);
        assertNull(TorchRunner.parse("Traceback (most recent call last):"));
    }

    @Test
    void processCpuTimeIsFineGrained() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = ProcessCpu.nanos(), t0 = threads.getCurrentThreadCpuTime();
        double x = 0;
        while (threads.getCurrentThreadCpuTime() - t0 < 3_000_000) x += Math.sqrt(x + 1); // 3 ms of this thread's CPU
        long used = ProcessCpu.nanos() - c0;
        assertTrue(used >= 3_000_000 || x < 0, "3 ms of work measured as " + used / 1e6 + " ms of process CPU");
        // a clock that counts 10 ms ticks (the JDK's MXBean here) only ever says whole milliseconds
        assertTrue(used % 1_000_000 != 0, "process CPU time " + used + " ns is in whole ms: a tick clock");
    }

    @Test
    void theTableShowsTheMedianOfTheTimedEpochs() {
        assertEquals(2.0, BenchCommand.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, BenchCommand.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void everyWorkloadRunsOnTheEngineAndTimesTheEpochsAfterTheWarmUp() {
        Mnist tiny = new Mnist(digits(300, 1), digits(100, 2));
        try (var s = Backends.use(Backends.select("cpu", 1).backend())) {
            for (String id : List.of("A", "B", "C", "D", "E")) {
                Workloads.Result r = Workloads.run(id, tiny, 2);
                assertEquals(2, r.ms().size(), id);
                assertEquals(2, r.cpuMs().size(), id);
                assertTrue(r.cpuMs().getFirst() > 0, id + " used no CPU time?");
                assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, id + " accuracy " + r.accuracy());
            }
        }
    }

    @Test
    void anUnknownWorkloadIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workloads.describe("F"));
        assertTrue(e.getMessage().contains("use A, B, C, D or E"), e.getMessage());
    }

    /** n random images, labels cycling through 0..9 (so there are 3s and 7s). */
    private static Digits digits(int n, long seed) {
        float[] px = new float[n * Digits.PIXELS];
        new Rng(seed).fillUniform(px, 0f, 1f);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
        return new Digits(px, labels);
    }
}
