package org.sevensteps.lessons.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sevensteps.lessons.run.JsonLines;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The training lessons on real MNIST, with the source texts' settings and seed 42. Each test prints
 * its epochs; on a shared 2-core machine the whole class takes about half a minute.
 */
class TrainingExperimentTest {

    @Test
    void theLinearModelTellsThreesFromSevensAfterTwentyEpochs() {
        Runs.Recorded r = Runs.complete(new RunSpec("linear", 20, 1.0, 256, 42, "cpu"));
        // The source text reaches about 0.97; PyTorch here: 0.969-0.977 over five seeds.
        assertTrue(r.accuracy() >= 0.965, "accuracy " + r.accuracy());
        assertEquals(20, r.of("epoch").size());
        List<RunEvent> snapshots = r.of("snapshot");
        assertTrue(snapshots.size() <= TrainingExperiment.SNAPSHOTS + 2, snapshots.size() + " snapshots");
        assertEquals(784, weights(snapshots.getFirst()).getFirst().length, "the one unit's 784 weights");
    }

    @Test
    void simpleNetBeatsTheLinearModelAfterTheLessonsFortyEpochs() {
        Runs.Recorded r = Runs.complete(new RunSpec("simple-net", 40, 0.1, 256, 42, "cpu"));
        // PyTorch here: 0.982 for each of three seeds. 40 epochs of 3s and 7s take a few seconds.
        assertTrue(r.accuracy() >= 0.975, "accuracy " + r.accuracy());
        List<float[]> units = weights(r.of("snapshot").getLast());
        assertEquals(TrainingExperiment.UNITS_DRAWN, units.size(), "16 of the 30 hidden units");
        assertEquals(784, units.getFirst().length);

        // What a websocket client that joins at the end receives first: the whole history.
        long bytes = r.events().stream().mapToLong(e -> JsonLines.wire(e).length()).sum();
        System.out.printf("  %d events, %d snapshots, %d bytes of JSON%n", r.events().size(), r.of("snapshot").size(), bytes);
        assertTrue(r.of("snapshot").size() <= TrainingExperiment.SNAPSHOTS + 2);
        assertTrue(bytes < 1_000_000, bytes + " bytes");
    }

    @Test
    void theMlpRecognisesTenDigitsAfterThreeEpochs() {
        Runs.Recorded r = Runs.complete(new RunSpec("mlp", 3, 0.5, 64, 42, "cpu"));
        // PyTorch here: 0.964 and 0.967.
        assertTrue(r.accuracy() >= 0.955, "accuracy " + r.accuracy());
        int perEpoch = r.of("batch").size() / 3;
        assertTrue(perEpoch <= TrainingExperiment.BATCH_EVENTS + 1, perEpoch + " batch events for 938 batches");
        assertEquals(1, r.of("batch").getFirst().batch(), "the first batch is reported at once, so the curve starts at once");
        assertEquals(938, r.of("batch").getLast().batch(), "the last batch of an epoch is always reported");
    }

    @Test
    void theCnnLearnsWellAboveChanceInOneEpoch() {
        Runs.Recorded r = Runs.complete(new RunSpec("cnn", 1, 1e-3, 64, 42, "cpu"));
        // Chance is 0.1. The ReLU before the pooling can leave a digit with no score at all, so one
        // epoch ends anywhere between about 0.5 and 0.9 depending on the seed.
        assertTrue(r.accuracy() >= 0.5, "accuracy " + r.accuracy());
        List<float[]> filters = weights(r.of("snapshot").getLast());
        assertEquals(16, filters.size(), "conv1's 16 filters");
        assertEquals(9, filters.getFirst().length, "3×3 each");
        assertEquals(3, r.of("snapshot").getLast().extra().get("weights_side"));
        @SuppressWarnings("unchecked")
        List<float[]> maps = (List<float[]>) r.of("snapshot").getLast().extra().get("feature_maps");
        assertEquals(16, maps.size(), "conv1's 16 channels for one digit");
        assertEquals(14 * 14, maps.getFirst().length);
        assertEquals(14, r.of("snapshot").getLast().extra().get("feature_maps_side"));

        int[][] confusion = (int[][]) r.of("snapshot").getLast().extra().get("confusion");
        int right = 0, all = 0;
        for (int d = 0; d < 10; d++) {
            right += confusion[d][d];
            for (int p = 0; p < 10; p++) all += confusion[d][p];
        }
        assertEquals(10_000, all);
        assertEquals(r.accuracy(), right / 10_000.0, 1e-9, "the diagonal is what the accuracy counts");
    }

    @Test
    void theSameSpecGivesTheSameNumbersAndAnotherSeedOthers() {
        RunSpec spec = new RunSpec("simple-net", 2, 0.1, 256, 7, "cpu");
        Runs.Recorded first = Runs.complete(spec), again = Runs.complete(spec);
        assertEquals(first.epochTrainLosses(), again.epochTrainLosses());
        assertEquals(first.of("epoch").stream().map(RunEvent::validLoss).toList(),
                again.of("epoch").stream().map(RunEvent::validLoss).toList());
        assertEquals(first.accuracy(), again.accuracy());
        assertNotEquals(first.epochTrainLosses(), Runs.complete(spec.withSeed(8)).epochTrainLosses());
    }

    @Test
    void cancellingStopsAtTheNextBatchAndTheRunnerSaysCancelled() {
        Runs.Recorded r = Runs.run(new RunSpec("linear", 20, 1.0, 256, 42, "cpu"),
                events -> events.stream().filter(e -> e.type().equals("batch")).count() >= 5);
        assertEquals("cancelled", r.last().type());
        assertEquals(5, r.of("batch").size(), "49 batches per epoch are all reported; the sixth never ran");
        assertEquals(List.of(), r.of("epoch"));
        assertEquals(List.of(), r.of("done"));
    }

    @Test
    void whilePausedEveryBatchIsReportedSoThatEachStepShows() {
        // The MLP's 938 batches are reported every 19th; a student stepping through batches 2 to 6 sees each.
        List<RunEvent> events = new java.util.ArrayList<>();
        Runner.run(new RunSpec("mlp", 1, 0.5, 64, 42, "cpu"), new org.sevensteps.lessons.run.RunContext() {
            @Override public org.sevensteps.lessons.mnist.Mnist mnist() { return org.sevensteps.lessons.TestData.mnist(); }
            @Override public void emit(RunEvent event) { events.add(event); }
            @Override public boolean paused() { return batches() >= 1; }
            @Override public boolean cancelRequested() { return batches() >= 6; }
            private long batches() { return events.stream().filter(e -> e.type().equals("batch")).count(); }
        });
        assertEquals(List.of(1, 2, 3, 4, 5, 6), events.stream().filter(e -> e.type().equals("batch")).map(RunEvent::batch).toList());
    }

    @Test
    void aPausedRunHoldsBeforeTrainingBatchesOnlySoThatEveryStepTrainsOne() {
        // linear, batches of 256: 49 training batches an epoch (12,396 images), then 8 validation batches
        // (2,038 images) that must not hold: a Step pressed at the end of an epoch would seem to do nothing
        int[] turns = {0};
        List<RunEvent> events = new java.util.ArrayList<>();
        Runner.run(new RunSpec("linear", 2, 1.0, 256, 42, "cpu"), new org.sevensteps.lessons.run.RunContext() {
            @Override public org.sevensteps.lessons.mnist.Mnist mnist() { return org.sevensteps.lessons.TestData.mnist(); }
            @Override public void emit(RunEvent event) { events.add(event); }
            @Override public boolean cancelRequested() { return false; }
            @Override public void awaitTurn() { turns[0]++; }
        });
        assertEquals("done", events.getLast().type());
        assertEquals(2 * 49, turns[0], "one turn per training batch, none in the validation passes");
    }

    @Test
    void aLongEpochReportsAboutFiftyBatchesThenTheEpochPredictionsAndDone() {
        // 12,396 images in batches of 16: 775 batches, reported: the first, every 16th and the last.
        Runs.Recorded r = Runs.complete(new RunSpec("linear", 1, 1.0, 16, 42, "cpu"));
        List<RunEvent> batches = r.of("batch");
        assertEquals(50, batches.size());
        assertEquals(1, batches.getFirst().batch(), "the curve starts with the first batch");
        assertEquals(16, batches.get(1).batch());
        assertEquals(775, batches.getLast().batch());
        assertEquals(775, batches.getLast().extra().get("batches"));

        List<String> types = r.events().stream().map(RunEvent::type).toList();
        assertEquals(List.of("batch", "snapshot"), types.subList(0, 2), "the first batch, then the untrained weights");
        assertEquals(List.of("epoch", "snapshot", "done"), types.subList(types.size() - 3, types.size()));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> predictions = (List<Map<String, Object>>) r.of("snapshot").getLast().extra()
                .get("predictions");
        assertEquals(9, predictions.size());
        for (Map<String, Object> p : predictions) {
            assertEquals(784, ((float[]) p.get("image")).length);
            assertTrue(Set.of(3, 7).contains(p.get("predicted")), p.toString());
            assertTrue(Set.of(3, 7).contains(p.get("actual")), p.toString());
        }
        assertEquals(Set.of(3, 7), Set.copyOf(predictions.stream().map(p -> p.get("actual")).toList()),
                "the nine are spread over the 3s and the 7s");

        RunEvent last = r.of("snapshot").getLast();
        assertEquals(1, last.epoch());
        assertEquals(0, r.of("snapshot").getFirst().epoch());
        assertTrue(java.util.Arrays.equals(new int[] {3, 7}, (int[]) last.extra().get("digits")));
        int[][] confusion = (int[][]) last.extra().get("confusion");
        assertEquals(1010, confusion[0][0] + confusion[0][1], "the validation 3s");
        assertEquals(1028, confusion[1][0] + confusion[1][1], "the validation 7s");
        assertEquals(r.accuracy(), (confusion[0][0] + confusion[1][1]) / 2038.0, 1e-9);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> worst = (List<Map<String, Object>>) last.extra().get("worst");
        assertEquals(9, worst.size());
        List<Double> probabilities = worst.stream().map(w -> (Double) w.get("probability")).toList();
        assertEquals(probabilities.stream().sorted().toList(), probabilities, "most wrong first");
        assertTrue(probabilities.getLast() < 0.5, "all nine are misclassified: " + probabilities);
        assertNotEquals(worst.getFirst().get("actual"), worst.getFirst().get("predicted"));
    }

    @Test
    void theEpochLineHasTheCommandLinesFields() {
        Runs.Recorded r = Runs.complete(new RunSpec("linear", 1, 1.0, 256, 42, "cpu"));
        var json = JsonMapper.builder().build();
        var epoch = json.readTree(JsonLines.line(r.of("epoch").getFirst()));
        assertEquals(Set.of("epoch", "train_loss", "valid_loss", "valid_accuracy", "seconds", "backend"),
                Set.copyOf(epoch.propertyNames()));
        var done = json.readTree(JsonLines.line(r.last()));
        assertEquals(Set.of("done", "valid_accuracy", "seconds_total", "backend"), Set.copyOf(done.propertyNames()));
        assertEquals(epoch.get("valid_accuracy"), done.get("valid_accuracy"));
    }

    @SuppressWarnings("unchecked")
    private static List<float[]> weights(RunEvent snapshot) {
        return (List<float[]>) snapshot.extra().get("weights");
    }
}
