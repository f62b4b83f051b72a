package org.sevensteps.engine.learn;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.loss.Metrics;
import org.sevensteps.engine.nn.Linear;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.nn.ReLU;
import org.sevensteps.engine.nn.Sequential;
import org.sevensteps.engine.optim.Adam;
import org.sevensteps.engine.optim.Sgd;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

class LearnerTest {

    /** Two noisy XOR clusters per class: not linearly separable, easy for a small MLP. */
    static Dataset xor(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 2], y = new float[n];
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(2), b = rng.nextInt(2);
            x[2 * i] = a * 2 - 1 + 0.2f * (float) rng.normal();
            x[2 * i + 1] = b * 2 - 1 + 0.2f * (float) rng.normal();
            y[i] = a ^ b;
        }
        return new Dataset(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    static Learner xorLearner(long seed, List<Callback> cbs) {
        Rng rng = new Rng(seed);
        Module mlp = new Sequential(new Linear(2, 16, rng), new ReLU(), new Linear(16, 2, rng));
        return new Learner(mlp, Losses::crossEntropy, new Adam(mlp.parameters(), 0.02f),
                new DataLoader(xor(512, seed), 32, true, seed), new DataLoader(xor(256, seed + 1), 64), cbs);
    }

    @Test
    void anMlpLearnsXor() {
        MetricsCallback metrics = new MetricsCallback(Metrics::accuracy);
        xorLearner(1, List.of(metrics)).fit(15);
        assertTrue(metrics.last().validAccuracy() > 0.97, "accuracy " + metrics.last());
        assertTrue(metrics.last().trainLoss() < metrics.history().get(0).trainLoss());
    }

    @Test
    void aLinearModelWithMnistLossSeparatesTwoClusters() {
        Rng rng = new Rng(9);
        int n = 400;
        float[] x = new float[n * 2], y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[2 * i] = (y[i] == 1 ? 2 : -2) + (float) rng.normal();
            x[2 * i + 1] = (float) rng.normal();
        }
        Dataset d = new Dataset(Tensor.of(x, n, 2), Tensor.of(y, n, 1));
        Linear lin = new Linear(2, 1, rng);
        MetricsCallback metrics = new MetricsCallback(Metrics::batchAccuracy);
        new Learner(lin, Losses::mnistLoss, new Sgd(lin.parameters(), 1f), new DataLoader(d, 32, true, 1),
                new DataLoader(d, 100), List.of(metrics)).fit(5);
        assertTrue(metrics.last().validAccuracy() > 0.95, metrics.last().toString());
    }

    @Test
    void theSameSeedAndThreadsGiveBitIdenticalLosses() {
        for (int threads : new int[] {1, 2}) {
            List<Double> first = batchLosses(7, threads), second = batchLosses(7, threads);
            assertEquals(first, second);
        }
    }

    private static List<Double> batchLosses(long seed, int threads) {
        List<Double> losses = new ArrayList<>();
        ProgressListener l = new ProgressListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double trainLoss) {
                losses.add(trainLoss);
            }
        };
        try (var s = Backends.use(Backends.select("cpu", threads).backend())) {
            xorLearner(seed, List.of(new MetricsCallback(null), new ProgressCallback(l))).fit(2);
        }
        return losses;
    }

    @Test
    void progressReportsEveryTrainingBatchAndEpoch() {
        List<String> events = new ArrayList<>();
        ProgressListener l = new ProgressListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double trainLoss) {
                events.add("b" + epoch + "." + batch + "/" + batches);
            }

            @Override
            public void onEpoch(EpochStats s) {
                assertTrue(s.seconds() > 0 && s.validAccuracy() >= 0 && s.validLoss() > 0 && s.trainLoss() > 0);
                events.add("e" + s.epoch());
            }
        };
        xorLearner(2, List.of(new ProgressCallback(l), new MetricsCallback(Metrics::accuracy))).fit(2);
        assertEquals(2 * 16 + 2, events.size());
        assertEquals("b1.1/16", events.get(0));
        assertEquals("e1", events.get(16));
        assertEquals("e2", events.get(33));
    }

    @Test
    void callbacksRunInOrderAndCleanupRunsWhenCancelled() {
        List<String> log = new ArrayList<>();
        AtomicBoolean cancel = new AtomicBoolean();
        Callback late = new Callback() {
            @Override public int order() { return 5; }
            @Override public void beforeFit(Learner l) { log.add("late"); }
            @Override public void afterBatch(Learner l) { if (l.batchIndex() == 2) cancel.set(true); }
            @Override public void afterFit(Learner l) { log.add("afterFit"); }
            @Override public void cleanupFit(Learner l) { log.add("cleanup"); }
        };
        Callback early = new Callback() {
            @Override public int order() { return -5; }
            @Override public void beforeFit(Learner l) { log.add("early"); }
        };
        Learner learner = xorLearner(3, List.of(late, new CancelCallback(cancel::get), early));
        learner.fit(3);
        assertEquals(List.of("early", "late", "cleanup"), log);
        assertEquals("cancelled", learner.stopReason());
        assertEquals(0, learner.epoch());
        assertEquals(3, learner.batchIndex());
    }

    @Test
    void aTimeLimitStopsTraining() {
        Learner learner = xorLearner(4, List.of(new TimeLimitCallback(Duration.ZERO)));
        learner.fit(5);
        assertTrue(learner.stopReason().startsWith("time limit"), learner.stopReason());
    }

    @Test
    void earlyStoppingSaysWhyItStopped() {
        MetricsCallback metrics = new MetricsCallback(null);
        Learner learner = xorLearner(5, List.of(metrics, new EarlyStoppingCallback(1, 10.0)));
        learner.fit(10);
        assertEquals(2, metrics.history().size());
        assertTrue(learner.stopReason().startsWith("early stop"), learner.stopReason());
    }
}
