package org.sevensteps.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.store.QueueStore.Devices;
import org.sevensteps.server.store.QueueStore.Lane;

class RunStoreTest {
    static final Devices NO_DEVICE = new Devices(false, false);

    static List<String> databases() {
        return List.of(Databases.sqlite(), Databases.postgres());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRunAndItsEpochsReadBackAsWritten(String url) {
        try (Database db = Databases.open(url)) {
            RunStore store = new RunStore(db);
            QueueStore queue = new QueueStore(db);
            RunSpec spec = new RunSpec("linear", 20, 1.0, 256, 42, "auto");
            store.insert(RunRecord.queued("r1", "session:abc", null, spec, null, 1000));
            queue.register("i1", "all", false, 1500);
            RunRecord claimed = queue.claim("i1", Lane.CPU, "cpu", NO_DEVICE, 2000).orElseThrow();
            store.addEpoch(new EpochRecord("r1", 1, 0.2, 0.19, 0.95, 0.5));
            store.addEpoch(new EpochRecord("r1", 2, 0.1, null, 0.96, 0.4));

            RunRecord r = store.find("r1").orElseThrow();
            assertEquals(claimed, r);
            assertEquals(spec, r.spec());
            assertEquals("running", r.state());
            assertEquals("cpu", r.backendUsed());
            assertEquals("i1", r.worker());
            assertEquals(2000L, r.startedAt());
            List<EpochRecord> epochs = store.epochs("r1");
            assertEquals(2, epochs.size());
            assertNull(epochs.get(1).validLoss());
            assertEquals(0.96, epochs.get(1).validAccuracy());
            assertEquals(1, store.epochsAfter("r1", 1).size());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void runsOfAnInstanceThatStoppedHeartBeatingBecomeInterruptedAndKeepTheirEpochs(String url) {
        try (Database db = Databases.open(url)) {
            RunStore store = new RunStore(db);
            QueueStore queue = new QueueStore(db);
            RunSpec spec = new RunSpec("mlp", 3, 0.5, 64, 7, "auto");
            store.insert(RunRecord.queued("a", "student:s", null, spec, null, 1));
            store.insert(RunRecord.queued("b", "student:t", null, spec, null, 2));
            store.insert(RunRecord.queued("c", "student:u", null, spec, null, 3));
            queue.register("dead", "worker", false, 10);
            queue.register("alive", "all", false, 10);
            assertEquals("a", queue.claim("dead", Lane.CPU, "cpu", NO_DEVICE, 20).orElseThrow().id());
            assertEquals("b", queue.claim("alive", Lane.CPU, "cpu", NO_DEVICE, 21).orElseThrow().id());
            store.addEpoch(new EpochRecord("a", 1, 0.3, 0.2, 0.93, 9.0));
            queue.beat("alive", 100, 0);

            assertEquals(1, queue.interruptStale(50, 110, "stopped answering"));
            RunRecord a = store.find("a").orElseThrow();
            assertEquals("interrupted", a.state());
            assertEquals("stopped answering", a.message());
            assertEquals(1, store.epochs("a").size(), "the finished epoch is kept");
            assertEquals("running", store.find("b").orElseThrow().state(), "a live instance keeps its run");
            assertEquals("queued", store.find("c").orElseThrow().state(), "queued runs stay for the others");
            assertTrue(!queue.end("a", "dead", "done", 0.97, null, 120), "the dead instance cannot end it any more");
            assertEquals("interrupted", store.find("a").orElseThrow().state());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void ownersAreServedRoundRobinAndEachRunIsClaimedOnce(String url) {
        try (Database db = Databases.open(url)) {
            RunStore store = new RunStore(db);
            QueueStore queue = new QueueStore(db);
            RunSpec spec = new RunSpec("baseline", 1, 0.1, 64, 1, "auto");
            int t = 0;
            for (String id : List.of("ada1", "ada2", "ada3")) store.insert(RunRecord.queued(id, "student:ada", null, spec, null, ++t));
            store.insert(RunRecord.queued("bo1", "student:bo", null, spec, null, ++t));
            store.insert(RunRecord.queued("cy1", "student:cy", null, spec, null, ++t));
            queue.register("i1", "all", false, 0);
            List<String> order = new java.util.ArrayList<>();
            for (long now = 100; ; now++) {
                var next = queue.claim("i1", Lane.CPU, "cpu", NO_DEVICE, now);
                if (next.isEmpty()) break;
                order.add(next.get().id());
            }
            assertEquals(List.of("ada1", "bo1", "cy1", "ada2", "ada3"), order);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void cancelStopsAQueuedRunAtOnceAndFlagsARunningOne(String url) {
        try (Database db = Databases.open(url)) {
            RunStore store = new RunStore(db);
            QueueStore queue = new QueueStore(db);
            RunSpec spec = new RunSpec("linear", 5, 1, 256, 1, "auto");
            store.insert(RunRecord.queued("q", "student:a", null, spec, null, 1));
            store.insert(RunRecord.queued("r", "student:b", null, spec, null, 0));
            queue.register("i1", "all", false, 0);
            assertEquals("r", queue.claim("i1", Lane.CPU, "cpu", NO_DEVICE, 5).orElseThrow().id());

            assertEquals(QueueStore.Cancelled.WAS_QUEUED, queue.cancel("q", "Cancelled.", 10));
            assertEquals("cancelled", store.find("q").orElseThrow().state());
            assertEquals(QueueStore.Cancelled.WAS_RUNNING, queue.cancel("r", "Cancelled by the teacher.", 10));
            assertEquals("Cancelled by the teacher.", queue.controlsOf("i1").get("r").cancelReason());
            queue.addStep("r");
            queue.addStep("r");
            assertEquals(new QueueStore.Control(true, 2, "Cancelled by the teacher."), queue.control("r").orElseThrow());
            assertTrue(queue.end("r", "i1", "cancelled", null, "Cancelled by the teacher.", 11));
            assertEquals(QueueStore.Cancelled.HAD_ENDED, queue.cancel("r", "again", 12));
        }
    }
}
