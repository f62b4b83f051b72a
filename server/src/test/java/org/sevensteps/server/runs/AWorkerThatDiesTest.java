package org.sevensteps.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.server.runs.QueueSettings.Role;
import org.sevensteps.server.store.Databases;
import org.sevensteps.server.web.ClassroomServer;
import tools.jackson.databind.JsonNode;

/**
 * A worker process ({@code serve --role worker}) killed with SIGKILL in the middle of a run: the web
 * instance notices its silence, marks the run interrupted with its finished epoch kept, and the
 * restarted run (same seed) repeats that epoch exactly on another instance.
 */
@Timeout(240)
class AWorkerThatDiesTest {
    private static final Pattern READY = Pattern.compile("worker (\\S+) is taking runs");

    final SeveralServersTest servers = new SeveralServersTest();
    Process worker;

    @AfterEach
    void stop() throws Exception {
        if (worker != null) worker.destroyForcibly().waitFor();
        servers.stopAll();
    }

    @Test
    void aRunOfAWorkerKilledMidRunBecomesInterruptedKeepsItsEpochAndRestartsWithTheSameSeed() throws Exception {
        String db = Databases.postgres();
        ClassroomServer web = servers.server(db, Role.WEB);
        String instance = startWorker(db);
        Client ada = SeveralServersTest.student(web, SeveralServersTest.newClass(web, "Crash", null), "Ada");
        String id = ada.json("POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":5,\"batch_size\":4096,\"seed\":11}")
                .get("id").asString();
        ada.json("POST", "/api/runs/" + id + "/pause", null);
        Client.Watch watch = ada.watch(id);
        JsonNode run = ada.awaitRun(id, 60, r -> r.get("state").asString().equals("running"));
        assertEquals(instance, run.get("worker").asString(), "the worker process claimed it");
        SeveralServersTest.stepThroughTheFirstEpoch(ada, id);
        run = ada.json("GET", "/api/runs/" + id, null);
        JsonNode epoch1 = run.get("epochs").get(0);
        assertEquals(1, epoch1.get("epoch").asInt());

        long killedAt = System.nanoTime();
        worker.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, nothing written
        JsonNode interrupted = ada.awaitRun(id, 30, r -> r.get("state").asString().equals("interrupted"));
        double noticedAfter = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf("the dead worker's run was marked interrupted %.1f s after the kill (stale after %s)%n",
                noticedAfter, SeveralServersTest.STALE);
        assertTrue(interrupted.get("message").asString().contains("stopped answering"), interrupted.toString());
        assertEquals(List.of(epoch1), List.copyOf(iterable(interrupted.get("epochs"))), "the finished epoch is kept as it was");
        JsonNode end = watch.awaitEnd(30);
        assertEquals("cancelled", end.get("type").asString());
        assertTrue(end.get("message").asString().contains("restart it"), end.toString());

        JsonNode restarted = ada.json("POST", "/api/runs/" + id + "/restart", null);
        String again = restarted.get("id").asString();
        assertEquals(id, restarted.get("restarted_from").asString());
        ClassroomServer other = servers.server(db, Role.ALL); // a healthy instance takes it
        JsonNode done = ada.awaitEnd(again, 120);
        assertEquals("done", done.get("state").asString());
        assertEquals(other.queue().instance(), done.get("worker").asString());
        assertEquals(11, done.get("spec").get("seed").asInt());
        JsonNode repeated = done.get("epochs").get(0);
        assertEquals(epoch1.get("trainLoss").asDouble(), repeated.get("trainLoss").asDouble(), 1e-6, "same seed, same epoch");
        assertEquals(epoch1.get("validAccuracy").asDouble(), repeated.get("validAccuracy").asDouble(), 1e-9);
    }

    /** Starts {@code serve --role worker} in its own JVM with short clocks; returns its instance id. */
    private String startWorker(String db) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        worker = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dsevensteps.pollMillis=100", "-Dsevensteps.heartbeatMillis=250", "-Dsevensteps.staleMillis=2000",
                "-cp", System.getProperty("java.class.path"), "org.sevensteps.server.Main",
                "serve", "--role", "worker", "--backend", "cpu", "--db-url", db, "--data-dir", SeveralServersTest.dataDir().toString())
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(worker.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) ready.complete(m.group(1));
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("the worker exited: " + String.join("\n", output)));
        });
        return ready.get(60, TimeUnit.SECONDS);
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
