package org.sevensteps.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.store.RunRecord;

@Timeout(60)
class RunTest {

    @Test
    void aWatcherThatJoinsWhileTheRunEmitsGetsEveryEventOnceInOrder() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            Run run = new Run(new RunRecord("r", "session:x", null, new RunSpec("linear", 1, 1, 256, 1, "cpu"), "running",
                    "cpu", null, null, null, 0L, 0L, null, null));
            int total = 20_000;
            Thread emitter = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < total; i++) run.append(RunEvent.batch(1, i + 1, 0.5, Map.of()));
            });
            while (run.events().size() < 100) Thread.onSpinWait(); // join in the middle of the run
            List<Long> seen = new ArrayList<>();
            run.watch(-1, e -> {
                synchronized (seen) {
                    seen.add(e.seq());
                }
            });
            emitter.join();
            synchronized (seen) {
                assertEquals(total, seen.size(), "every event once");
                for (int i = 0; i < total; i++) assertEquals(i, seen.get(i).longValue(), "in order");
            }
        }
    }
}
