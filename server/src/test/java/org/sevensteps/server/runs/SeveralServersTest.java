package org.sevensteps.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.server.runs.QueueSettings.Role;
import org.sevensteps.server.store.Databases;
import org.sevensteps.server.web.ClassroomServer;
import tools.jackson.databind.JsonNode;

/**
 * Two server instances on one PostgreSQL database share one run queue: every run is executed once,
 * by either instance, and a student follows their run from whichever instance they are connected to.
 */
@Timeout(240)
class SeveralServersTest {
    /** Short clocks, so a dead instance is noticed in two seconds. */
    static final Duration POLL = Duration.ofMillis(100), HEARTBEAT = Duration.ofMillis(250), STALE = Duration.ofSeconds(2);

    final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : started.reversed()) c.close();
    }

    static Path dataDir() {
        String configured = System.getProperty("sevensteps.dataDir");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".local", "share", "sevensteps");
    }

    ClassroomServer server(String db, Role role) {
        QueueSettings settings = QueueSettings.of(role, Engines.ofDefault()).withClocks(POLL, HEARTBEAT, STALE);
        ClassroomServer s = new ClassroomServer(0, dataDir(), db, "cpu (test)", settings).start();
        started.add(s);
        return s;
    }

    static String base(ClassroomServer s) {
        return "http://localhost:" + s.port();
    }

    /** Signs the teacher in on {@code s}, creates a class and returns its code. */
    static String newClass(ClassroomServer s, String name, String limits) throws Exception {
        Client teacher = new Client(base(s));
        assertEquals(302, teacher.send("GET", s.teacherSignInLink().substring(base(s).length()), null).statusCode());
        JsonNode klass = teacher.json("POST", "/api/classes", "{\"name\":\"" + name + "\"}");
        if (limits != null) teacher.json("PUT", "/api/classes/" + klass.get("id").asString() + "/limits", limits);
        return klass.get("code").asString();
    }

    static Client student(ClassroomServer s, String code, String name) throws Exception {
        Client c = new Client(base(s));
        c.json("POST", "/api/join", "{\"code\":\"" + code + "\",\"name\":\"" + name + "\"}");
        return c;
    }

    /** On one new PostgreSQL database, a web instance and one that executes runs (role all); Ada joined a new class on the web one. */
    record WebAndWorker(ClassroomServer web, ClassroomServer worker, Client ada) {}

    WebAndWorker webAndWorker(String className) throws Exception {
        String db = Databases.postgres();
        ClassroomServer web = server(db, Role.WEB), worker = server(db, Role.ALL);
        return new WebAndWorker(web, worker, student(web, newClass(web, className, null), "Ada"));
    }

    /**
     * Steps a paused linear run of batch size 4096 through exactly its first epoch: each step is one
     * batch, 4 of training (12,396 images) and 3 of validation (2,038 images, 1000 a batch), then epoch 1
     * is stored and the run holds again. (Were validation batches ever not to count as steps, the 3
     * extra steps would go to epoch 2's 4 training batches: still one stored epoch.)
     */
    static void stepThroughTheFirstEpoch(Client c, String id) throws Exception {
        for (int i = 0; i < 7; i++) c.json("POST", "/api/runs/" + id + "/step", null);
        c.awaitRun(id, 60, r -> r.get("epochs").size() == 1);
        Thread.sleep(1000);
        assertEquals(1, c.json("GET", "/api/runs/" + id, null).get("epochs").size(), "then it holds again");
    }

    @Test
    void runsOfSeveralStudentsOnTwoServersAreEachExecutedOnceAndBothServersTakeSome() throws Exception {
        String db = Databases.postgres();
        ClassroomServer one = server(db, Role.ALL), two = server(db, Role.ALL);
        String code = newClass(one, "Two servers", null);
        Map<String, Client> owners = new HashMap<>();
        List<Client> students = List.of(student(one, code, "Ada"), student(one, code, "Bo"), student(two, code, "Cy"),
                student(two, code, "Di"));
        long start = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            for (Client s : students) {
                String id = s.json("POST", "/api/runs", "{\"model\":\"baseline\"}").get("id").asString();
                owners.put(id, s);
            }
        }
        Map<String, Integer> byWorker = new HashMap<>();
        for (var e : owners.entrySet()) {
            JsonNode run = e.getValue().awaitEnd(e.getKey(), 180);
            assertEquals("done", run.get("state").asString(), run.toString());
            assertEquals(0.951, run.get("final_accuracy").asDouble(), 1e-3);
            assertEquals(1, run.get("epochs").size(), "one stored epoch: the run was executed once");
            byWorker.merge(run.get("worker").asString(), 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("12 baseline runs on two instances in %.1f s: %s%n", seconds, byWorker);
        assertEquals(Map.of(one.queue().instance(), one.queue().executedHere(), two.queue().instance(), two.queue().executedHere()),
                byWorker, "each instance executed exactly the runs recorded as its own");
        assertEquals(12, one.queue().executedHere() + two.queue().executedHere(), "12 runs, 12 executions");
        assertTrue(one.queue().executedHere() > 0 && two.queue().executedHere() > 0, "both instances took runs: " + byWorker);
        JsonNode health = new Client(base(two)).json("GET", "/api/health", null);
        assertEquals(two.queue().instance(), health.get("instance").asString());
        assertEquals(0, health.get("queue_length").asInt());
    }

    @Test
    void aStudentWatchingOnTheWebServerSeesTheEpochsAndTheEndOfARunTheWorkerExecutes() throws Exception {
        WebAndWorker servers = webAndWorker("Web and worker");
        Client ada = servers.ada();
        String id = ada.json("POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":4,\"seed\":3}").get("id").asString();
        Client.Watch watch = ada.watch(id);

        JsonNode end = watch.awaitEnd(120);
        assertEquals("done", end.get("type").asString(), watch.events.toString());
        List<JsonNode> epochs = watch.ofType("epoch");
        assertEquals(List.of(1, 2, 3, 4), epochs.stream().map(e -> e.get("epoch").asInt()).toList());
        assertTrue(epochs.getLast().get("valid_accuracy").asDouble() > 0.9, epochs.toString());
        assertEquals(epochs.getLast().get("valid_accuracy").asDouble(), end.get("valid_accuracy").asDouble());
        assertEquals("queued", watch.events.getFirst().get("type").asString());
        for (int i = 0; i < watch.events.size(); i++) assertEquals(i, watch.events.get(i).get("seq").asInt(), "in order, no gaps");
        assertTrue(watch.ofType("batch").isEmpty(), "batches stay on the instance that executes the run");

        JsonNode run = ada.json("GET", "/api/runs/" + id, null);
        assertEquals(servers.worker().queue().instance(), run.get("worker").asString());
        assertEquals(0, servers.web().queue().executedHere(), "the web instance executes nothing");
        assertEquals(4, run.get("epochs").size());
    }

    /**
     * A linear run paused while still queued (4096 images a batch: an epoch of the 12,396 training 3s
     * and 7s is 4 batches). The worker looks for runs every 0.5 s and may claim one between the two
     * requests, before the pause is in its row; such a run is cancelled and another one tried. A run
     * still queued after the pause was written is sure to hold before its first batch.
     */
    private static String pausedBeforeTheWorkerTakesIt(Client ada) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = ada.json("POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":5,\"batch_size\":4096,\"seed\":9}")
                    .get("id").asString();
            assertTrue(ada.json("POST", "/api/runs/" + id + "/pause", null).get("paused").asBoolean());
            if (ada.json("GET", "/api/runs/" + id, null).get("state").asString().equals("queued")) return id;
            ada.send("DELETE", "/api/runs/" + id, null);
            ada.awaitEnd(id, 60);
        }
        throw new AssertionError("the worker claimed the run before its pause five times in a row");
    }

    @Test
    void pauseStepAndCancelOnTheWebServerReachTheRunOnTheWorker() throws Exception {
        WebAndWorker servers = webAndWorker("Remote control");
        Client ada = servers.ada();
        String id = pausedBeforeTheWorkerTakesIt(ada);
        Client.Watch watch = ada.watch(id);
        ada.awaitRun(id, 60, r -> r.get("state").asString().equals("running"));
        Thread.sleep(1000);
        assertEquals(0, ada.json("GET", "/api/runs/" + id, null).get("epochs").size(), "paused before its first batch");

        stepThroughTheFirstEpoch(ada, id);
        JsonNode run;

        assertEquals(202, ada.send("DELETE", "/api/runs/" + id, null).statusCode());
        JsonNode end = watch.awaitEnd(60);
        assertEquals("cancelled", end.get("type").asString());
        assertEquals("Cancelled.", end.get("message").asString());
        assertEquals(1, watch.ofType("epoch").size());
        run = ada.awaitEnd(id, 30);
        assertEquals("cancelled", run.get("state").asString());
        assertEquals(servers.worker().queue().instance(), run.get("worker").asString());
    }
}
