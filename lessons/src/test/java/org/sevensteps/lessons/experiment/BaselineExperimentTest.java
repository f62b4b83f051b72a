package org.sevensteps.lessons.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sevensteps.lessons.TestData;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.RunSpec;

class BaselineExperimentTest {

    @Test
    void theIdealDigitsClassifyTheValidationThreesAndSevensAsInTheSourceText() {
        List<RunEvent> events = run();
        RunEvent epoch = events.stream().filter(e -> e.type().equals("epoch")).findFirst().orElseThrow();
        // fastbook, chapter 4: 3s 0.9168, 7s 0.9854, together 0.9511 with the L1 distance.
        assertEquals(0.9168, (double) epoch.extra().get("l1_accuracy_threes"), 1e-3);
        assertEquals(0.9854, (double) epoch.extra().get("l1_accuracy_sevens"), 1e-3);
        assertEquals(0.9514, epoch.validAccuracy(), 1e-3);
        assertEquals(2038, epoch.extra().get("valid_count"));
        assertEquals(0.966, (double) epoch.extra().get("rmse_accuracy"), 2e-3);
    }

    @Test
    void itReportsTheIdealsFirstThenTheRunningAccuracyPerChunkThenTheEpochAndDone() {
        List<String> types = run().stream().map(RunEvent::type).toList();
        assertEquals("snapshot", types.getFirst());
        assertEquals(21, types.stream().filter("batch"::equals).count(), "2038 images in chunks of 100");
        assertEquals(List.of("epoch", "done"), types.subList(types.size() - 2, types.size()));
    }

    @Test
    void theIdealThreeIsTheMeanOfEveryTrainingThree() {
        RunEvent snapshot = run().getFirst();
        float[] mean3 = (float[]) snapshot.extra().get("mean3");
        var threes = TestData.mnist().threesAndSevens().trainThrees();
        int pixel = 14 * 28 + 14; // the centre
        double sum = 0;
        for (int i = 0; i < threes.count(); i++) sum += threes.pixels()[i * 784 + pixel];
        assertEquals(sum / threes.count(), mean3[pixel], 1e-5);
    }

    private static List<RunEvent> run() {
        List<RunEvent> events = new ArrayList<>();
        RunEvent end = Runner.run(RunSpec.defaults(Model.BASELINE), new RunContext() {
            @Override public Mnist mnist() { return TestData.mnist(); }
            @Override public void emit(RunEvent event) { events.add(event); }
            @Override public boolean cancelRequested() { return false; }
        });
        assertEquals("done", end.type(), () -> "ended with " + end);
        return events;
    }
}
