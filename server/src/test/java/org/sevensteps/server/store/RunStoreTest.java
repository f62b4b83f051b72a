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
        try (QueueFixture db = new QueueFixture(url)) {
            RunSpec spec = new RunSpec("linear", 20, 1.0, 256, 42, "auto");
            db.submit("r1", "session:abc", spec, 1000);
            db.queue.register("i1", "all", false, 1500);
            RunRecord claimed = db.claimCpu("i1", 2000).orElseThrow();
            db.store.addEpoch(new EpochRecord("r1", 1, 0.2, 0.19, 0.95, 0.5));
            db.store.addEpoch(new EpochRecord("r1", 2, 0.1, null, 0.96, 0.4));

            RunRecord r = db.store.find("r1").orElseThrow();
            assertEquals(claimed, r);
            assertEquals(spec, r.spec());
            assertEquals("running", r.state());
            assertEquals("cpu", r.backendUsed());
            assertEquals("i1", r.worker());
            assertEquals(2000L, r.startedAt());
            List<EpochRecord> epochs = db.store.epochs("r1");
            assertEquals(2, epochs.size());
            assertNull(epochs.get(1).validLoss());
            assertEquals(0.96, epochs.get(1).validAccuracy());
            assertEquals(1, db.store.epochsAfter("r1", 1).size());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void runsOfAnInstanceThatStoppedHeartBeatingBecomeInterruptedAndKeepTheirEpochs(String url) {
        try (QueueFixture db = new QueueFixture(url)) {
            RunSpec spec = new RunSpec("mlp", 3, 0.5, 64, 7, "auto");
            db.submit("a", "student:s", spec, 1);
            db.submit("b", "student:t", spec, 2);
            db.submit("c", "student:u", spec, 3);
            db.queue.register("dead", "worker", false, 10);
            db.queue.register("alive", "all", false, 10);
            assertEquals("a", db.claimCpu("dead", 20).orElseThrow().id());
            assertEquals("b", db.claimCpu("alive", 21).orElseThrow().id());
            db.store.addEpoch(new EpochRecord("a", 1, 0.3, 0.2, 0.93, 9.0));
            db.queue.beat("alive", 100, 0);

            assertEquals(1, db.queue.interruptStale(50, 110, "stopped answering"));
            RunRecord a = db.store.find("a").orElseThrow();
            assertEquals("interrupted", a.state());
            assertEquals("stopped answering", a.message());
            assertEquals(1, db.store.epochs("a").size(), "the finished epoch is kept");
            assertEquals("running", db.store.find("b").orElseThrow().state(), "a live instance keeps its run");
            assertEquals("queued", db.store.find("c").orElseThrow().state(), "queued runs stay for the others");
            assertTrue(!db.queue.end("a", "dead", "done", 0.97, null, 120), "the dead instance cannot end it any more");
            assertEquals("interrupted", db.store.find("a").orElseThrow().state());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void ownersAreServedRoundRobinAndEachRunIsClaimedOnce(String url) {
        try (QueueFixture db = new QueueFixture(url)) {
            RunSpec spec = new RunSpec("baseline", 1, 0.1, 64, 1, "auto");
            int t = 0;
            for (String id : List.of("ada1", "ada2", "ada3")) db.submit(id, "student:ada", spec, ++t);
            db.submit("bo1", "student:bo", spec, ++t);
            db.submit("cy1", "student:cy", spec, ++t);
            db.queue.register("i1", "all", false, 0);
            List<String> order = new java.util.ArrayList<>();
            for (long now = 100; ; now++) {
                var next = db.claimCpu("i1", now);
                if (next.isEmpty()) break;
                order.add(next.get().id());
            }
            assertEquals(List.of("ada1", "bo1", "cy1", "ada2", "ada3"), order);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void cancelStopsAQueuedRunAtOnceAndFlagsARunningOne(String url) {
        try (QueueFixture db = new QueueFixture(url)) {
            RunSpec spec = new RunSpec("linear", 5, 1, 256, 1, "auto");
            db.submit("q", "student:a", spec, 1);
            db.submit("r", "student:b", spec, 0);
            db.queue.register("i1", "all", false, 0);
            assertEquals("r", db.claimCpu("i1", 5).orElseThrow().id());

            assertEquals(QueueStore.Cancelled.WAS_QUEUED, db.queue.cancel("q", "Cancelled.", 10));
            assertEquals("cancelled", db.store.find("q").orElseThrow().state());
            assertEquals(QueueStore.Cancelled.WAS_RUNNING, db.queue.cancel("r", "Cancelled by the teacher.", 10));
            assertEquals("Cancelled by the teacher.", db.queue.controlsOf("i1").get("r").cancelReason());
            db.queue.addStep("r");
            db.queue.addStep("r");
            assertEquals(new QueueStore.Control(true, 2, "Cancelled by the teacher."), db.queue.control("r").orElseThrow());
            assertTrue(db.queue.end("r", "i1", "cancelled", null, "Cancelled by the teacher.", 11));
            assertEquals(QueueStore.Cancelled.HAD_ENDED, db.queue.cancel("r", "again", 12));
        }
    }
}
