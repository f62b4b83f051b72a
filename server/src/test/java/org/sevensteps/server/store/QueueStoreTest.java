package org.sevensteps.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.store.ClassroomStore.ClassRecord;
import org.sevensteps.server.store.QueueStore.Devices;
import org.sevensteps.server.store.QueueStore.Lane;

/** Claims from the shared queue: row locks on PostgreSQL, lanes and the CPU fallback on both databases. */
@Timeout(120)
class QueueStoreTest {

    static List<String> databases() {
        return RunStoreTest.databases();
    }

    @Test
    void aClaimSkipsTheRunsAndOwnersAnotherWorkerIsClaimingInsteadOfWaiting() throws Exception {
        String url = Databases.postgres();
        try (QueueFixture db = new QueueFixture(url); Connection other = DriverManager.getConnection(url)) {
            RunSpec spec = new RunSpec("baseline", 1, 0.1, 64, 1, "auto");
            db.submit("ada1", "student:ada", spec, 1);
            db.submit("ada2", "student:ada", spec, 2);
            db.submit("bo1", "student:bo", spec, 3);
            db.queue.register("i1", "all", false, 0);

            // Another worker is in the middle of claiming Ada's first run: it holds her run and owner rows.
            other.setAutoCommit(false);
            try (var s = other.createStatement()) {
                s.execute("SELECT r.id FROM runs r JOIN run_owners o ON o.owner = r.owner WHERE r.id = 'ada1' FOR UPDATE OF r, o");
            }
            long before = System.nanoTime();
            RunRecord mine = db.claimCpu("i1", 10).orElseThrow();
            assertEquals("bo1", mine.id(), "not Ada's second run: her owner row is being claimed, so the next student goes");
            assertTrue(System.nanoTime() - before < 2_000_000_000L, "skipped, did not wait for the lock");
            other.rollback();
            assertEquals("ada1", db.claimCpu("i1", 11).orElseThrow().id());
        }
    }

    @Test
    void fourWorkersClaimingAtOnceTakeEveryRunExactlyOnce() throws Exception {
        try (QueueFixture db = new QueueFixture(Databases.postgres())) {
            RunSpec spec = new RunSpec("baseline", 1, 0.1, 64, 1, "auto");
            for (int i = 0; i < 60; i++) db.submit("run" + i, "student:s" + (i % 8), spec, i);
            List<String> claimed = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> workers = new ArrayList<>();
            try (var pool = Executors.newFixedThreadPool(4)) {
                for (int w = 0; w < 4; w++) {
                    String me = "w" + w;
                    db.queue.register(me, "worker", false, 0);
                    workers.add(pool.submit(() -> {
                        go.await();
                        int n = 0;
                        for (var next = db.claimCpu(me, System.nanoTime()); next.isPresent(); next = db.claimCpu(me, System.nanoTime())) {
                            claimed.add(next.get().id());
                            n++;
                        }
                        return n;
                    }));
                }
                go.countDown();
                int total = 0;
                for (var f : workers) total += f.get();
                assertEquals(60, total);
            }
            assertEquals(60, new HashSet<>(claimed).size(), "no run claimed twice: " + claimed);
            assertEquals(0, db.queue.waiting().size());
            assertEquals(60, db.queue.running());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theDeviceLaneTakesDeviceRunsAndTheCpuTakesThemOnlyAsAnAllowedFallback(String url) {
        try (QueueFixture db = new QueueFixture(url)) {
            ClassroomStore classes = new ClassroomStore(db.database);
            classes.insertClass(new ClassRecord("open", "AAAA-AAAA", "Fallback allowed", "host", 20, 3, true, 0));
            classes.insertClass(new ClassRecord("strict", "BBBB-BBBB", "Device only", "host", 20, 3, false, 0));
            RunSpec device = new RunSpec("baseline", 1, 0.1, 64, 1, "tornado"), cpu = new RunSpec("baseline", 1, 0.1, 64, 1, "cpu");
            db.store.insert(RunRecord.queued("strict", "student:s", "strict", device, null, 1));
            db.store.insert(RunRecord.queued("open", "student:o", "open", device, null, 2));
            db.store.insert(RunRecord.queued("cpu", "student:c", "open", cpu, null, 3));
            db.queue.register("gpu", "worker", true, 0);
            Devices busy = new Devices(true, false), free = new Devices(true, true);

            assertEquals("cpu", db.queue.claim("gpu", Lane.CPU, "cpu", free, 10).orElseThrow().id(),
                    "while the device is free the CPU takes only the run that asked for the CPU");
            assertTrue(db.queue.claim("gpu", Lane.CPU, "cpu", free, 11).isEmpty());
            assertEquals("open", db.queue.claim("gpu", Lane.CPU, "cpu", busy, 12).orElseThrow().id(),
                    "device busy: the class that allows the fallback goes to the CPU");
            assertTrue(db.queue.claim("gpu", Lane.CPU, "cpu", busy, 13).isEmpty(), "the strict class's run waits for the device");
            RunRecord onDevice = db.queue.claim("gpu", Lane.DEVICE, "tornado", free, 14).orElseThrow();
            assertEquals("strict", onDevice.id());
            assertEquals("tornado", onDevice.backendUsed());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void devicesCountOnlyLiveInstancesAndTheirBusyFlag(String url) {
        try (Database db = Databases.open(url)) {
            QueueStore queue = new QueueStore(db);
            assertEquals(new Devices(false, false), queue.devices(0));
            queue.register("cpu-only", "all", false, 100);
            queue.register("gpu", "worker", true, 100);
            assertEquals(new Devices(true, true), queue.devices(50));
            queue.setDeviceBusy("gpu", true);
            assertEquals(new Devices(true, false), queue.devices(50));
            assertEquals(new Devices(false, false), queue.devices(200), "a silent instance's device does not count");
            queue.leave("gpu");
            assertEquals(new Devices(false, false), queue.devices(0));
        }
    }
}
