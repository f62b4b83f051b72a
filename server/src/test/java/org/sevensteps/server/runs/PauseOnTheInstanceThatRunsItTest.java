package org.sevensteps.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.server.runs.QueueSettings.Role;
import org.sevensteps.server.store.Databases;
import org.sevensteps.server.store.QueueStore;
import org.sevensteps.server.web.ClassroomServer;

/**
 * Pause, Step one batch and Cancel of a run that executes on the instance the student talks to are
 * told to the run in memory at once; its row gets the flag after. Here the database is kept busy by
 * another writer (SQLite's write lock held for {@link #LOCKED}) while the student presses them: each
 * answers at once and the run obeys, and once the lock is gone the row says the same and the poll
 * that reads it does not undo the pause.
 */
@Timeout(120)
class PauseOnTheInstanceThatRunsItTest {
    static final Duration LOCKED = Duration.ofSeconds(3);
    ClassroomServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void pauseStepAndCancelAnswerAtOnceWhileTheDatabaseIsBusy() throws Exception {
        String db = Databases.sqlite();
        QueueSettings settings = QueueSettings.of(Role.ALL, Engines.ofDefault())
                .withClocks(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(2));
        server = new ClassroomServer(0, SeveralServersTest.dataDir(), db, "cpu (test)", settings).start();
        Client ada = new Client(SeveralServersTest.base(server));
        String id = ada.json("POST", "/api/runs", "{\"model\":\"cnn\",\"epochs\":1,\"seed\":3}").get("id").asString();
        Client.Watch watch = ada.watch(id);
        awaitBatches(watch, 1);

        try (Connection other = DriverManager.getConnection(db); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // holds SQLite's write lock: every other writer waits
            long pause = millis(() -> ada.json("POST", "/api/runs/" + id + "/pause", null));
            int held = awaitQuiet(watch); // the batch under way when Pause came ends and reports
            long step = millis(() -> ada.json("POST", "/api/runs/" + id + "/step", null));
            awaitBatches(watch, held + 1);
            Thread.sleep(LOCKED.toMillis());
            s.execute("COMMIT");
            System.out.printf("with the database locked: Pause answered in %d ms, Step in %d ms%n", pause, step);
            assertTrue(pause < 1000, "Pause waited " + pause + " ms for the database");
            assertTrue(step < 1000, "Step waited " + step + " ms for the database");
            assertEquals(held + 1, batches(watch), "one step, one batch, while the database was locked");
        }

        QueueStore store = server.queue().store();
        awaitTrue(() -> store.control(id).orElseThrow().paused() && store.control(id).orElseThrow().steps() == 1, "the row gets the flags");
        int held = batches(watch);
        Thread.sleep(1000); // ten polls of the flags
        assertEquals(held, batches(watch), "still paused after the database was read again");

        ada.json("POST", "/api/runs/" + id + "/resume", null);
        awaitBatches(watch, held + 1);
        try (Connection other = DriverManager.getConnection(db); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            long cancel = millis(() -> ada.send("DELETE", "/api/runs/" + id, null));
            Thread.sleep(500);
            int stopped = batches(watch);
            Thread.sleep(500);
            assertEquals(stopped, batches(watch), "the run stopped before its cancellation was written");
            s.execute("COMMIT");
            assertTrue(cancel < 1000, "Cancel waited " + cancel + " ms for the database");
        }
        assertEquals("cancelled", watch.awaitEnd(30).get("type").asString());
        assertEquals("cancelled", ada.awaitEnd(id, 30).get("state").asString());
    }

    interface Call {
        void run() throws Exception;
    }

    static long millis(Call call) throws Exception {
        long t0 = System.nanoTime();
        call.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static int batches(Client.Watch watch) {
        return watch.ofType("batch").size();
    }

    /** Waits until no batch event came for a second (a batch of a cold JVM can take long), and returns how many came. */
    static int awaitQuiet(Client.Watch watch) throws Exception {
        int seen = batches(watch);
        for (long quietSince = System.nanoTime(); System.nanoTime() - quietSince < 1_000_000_000L; Thread.sleep(20)) {
            if (batches(watch) != seen) {
                seen = batches(watch);
                quietSince = System.nanoTime();
            }
        }
        return seen;
    }

    static void awaitBatches(Client.Watch watch, int n) throws Exception {
        awaitTrue(() -> batches(watch) >= n, n + " batch events");
    }

    static void awaitTrue(java.util.function.BooleanSupplier test, String what) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        while (!test.getAsBoolean()) {
            if (System.currentTimeMillis() > until) throw new AssertionError("never: " + what);
            Thread.sleep(20);
        }
    }
}
