package org.sevensteps.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sevensteps.lessons.spec.RunSpec;

class RunStoreTest {

    static List<String> databases() {
        return List.of(Databases.sqlite(), Databases.postgres());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRunAndItsEpochsReadBackAsWritten(String url) {
        try (Database db = Databases.open(url)) {
            RunStore store = new RunStore(db);
            RunSpec spec = new RunSpec("linear", 20, 1.0, 256, 42, "auto");
            store.insert(new RunRecord("r1", "session:abc", null, spec, "queued", null, null, null, null, 1000, null, null));
            store.markStarted("r1", "cpu", 2000);
            store.addEpoch(new EpochRecord("r1", 1, 0.2, 0.19, 0.95, 0.5));
            store.addEpoch(new EpochRecord("r1", 2, 0.1, null, 0.96, 0.4));

            RunRecord r = store.find("r1").orElseThrow();
            assertEquals(spec, r.spec());
            assertEquals("running", r.state());
            assertEquals("cpu", r.backendUsed());
            List<EpochRecord> epochs = store.epochs("r1");
            assertEquals(2, epochs.size());
            assertNull(epochs.get(1).validLoss());
            assertEquals(0.96, epochs.get(1).validAccuracy());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void runsLeftRunningByAStoppedServerBecomeInterruptedAndKeepTheirEpochs(String url) {
        try (Database db = Databases.open(url)) {
            RunStore store = new RunStore(db);
            RunSpec spec = new RunSpec("mlp", 3, 0.5, 64, 7, "auto");
            store.insert(new RunRecord("a", "student:s", null, spec, "queued", null, null, null, null, 1, null, null));
            store.insert(new RunRecord("b", "student:s", null, spec, "queued", null, null, null, null, 2, null, null));
            store.markStarted("a", "cpu", 3);
            store.addEpoch(new EpochRecord("a", 1, 0.3, 0.2, 0.93, 9.0));
            store.insert(new RunRecord("c", "student:s", null, spec, "queued", null, null, null, null, 4, null, null));
            store.markEnded("c", "done", 0.96, null, 5);

            assertEquals(2, store.interruptLeftovers(10));
            assertEquals("interrupted", store.find("a").orElseThrow().state());
            assertEquals("interrupted", store.find("b").orElseThrow().state());
            assertEquals("done", store.find("c").orElseThrow().state());
            assertEquals(1, store.epochs("a").size());
            assertTrue(store.find("a").orElseThrow().message().contains("restart it"));
        }
    }
}
