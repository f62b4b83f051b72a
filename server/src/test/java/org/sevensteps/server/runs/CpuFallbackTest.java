package org.sevensteps.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.server.runs.QueueSettings.Role;
import org.sevensteps.server.store.Databases;
import org.sevensteps.server.web.ClassroomServer;
import tools.jackson.databind.JsonNode;

/**
 * "CPU fallback allowed": a run meant for the device goes to the CPU while the device is busy (or
 * when there is none) only if the class allows it; otherwise it waits for the device, or is refused
 * when no device exists. The run records the backend that ran it.
 */
@Timeout(180)
class CpuFallbackTest {
    /** Stands in for a TornadoVM device in a build without one: the reference kernels, under the device's name. */
    static final Backend DEVICE = () -> "tornado";

    final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : started.reversed()) c.close();
    }

    ClassroomServer server(Engines engines) {
        QueueSettings settings = QueueSettings.of(Role.ALL, engines)
                .withClocks(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(2));
        ClassroomServer s = new ClassroomServer(0, SeveralServersTest.dataDir(), Databases.sqlite(), "test", settings).start();
        started.add(s);
        return s;
    }

    static String limits(boolean fallback) {
        return "{\"max_epochs\":20,\"runs_per_student\":3,\"cpu_fallback\":" + fallback + "}";
    }

    /** Bo's baseline run, submitted while Ada's run holds the device; {@link #release} cancels Ada's run. */
    record BoWhileAdaHoldsTheDevice(Client ada, String held, Client bo, String id) {
        void release() throws Exception {
            ada.send("DELETE", "/api/runs/" + held, null);
        }
    }

    /**
     * On a server with the CPU and a device, in a class that does or does not allow the fallback: Ada's
     * run holds the device (paused before its first batch), then Bo submits a baseline run.
     */
    BoWhileAdaHoldsTheDevice boSubmitsWhileAdaHoldsTheDevice(String className, boolean fallback) throws Exception {
        ClassroomServer s = server(new Engines(Backends.cpu(2), DEVICE));
        String code = SeveralServersTest.newClass(s, className, limits(fallback));
        Client ada = SeveralServersTest.student(s, code, "Ada"), bo = SeveralServersTest.student(s, code, "Bo");
        String held = ada.json("POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":2}").get("id").asString();
        ada.json("POST", "/api/runs/" + held + "/pause", null);
        JsonNode holding = ada.awaitRun(held, 60, r -> r.get("state").asString().equals("running"));
        assertEquals("tornado", holding.get("backend").asString(), "an auto run goes to the free device");

        String id = bo.json("POST", "/api/runs", "{\"model\":\"baseline\"}").get("id").asString();
        return new BoWhileAdaHoldsTheDevice(ada, held, bo, id);
    }

    @Test
    void whileTheDeviceIsBusyARunOfAClassThatAllowsTheFallbackRunsOnTheCpu() throws Exception {
        BoWhileAdaHoldsTheDevice busy = boSubmitsWhileAdaHoldsTheDevice("Fallback", true);
        JsonNode run = busy.bo().awaitEnd(busy.id(), 60);
        assertEquals("done", run.get("state").asString());
        assertEquals("cpu", run.get("backend").asString());
        assertEquals("cpu", run.get("result").get("backend").asString(), "the events say so too");
        assertTrue(run.get("message").asString().contains("the device was busy"), run.toString());
        busy.release();
    }

    @Test
    void whenTheClassDoesNotAllowTheFallbackARunWaitsForTheDevice() throws Exception {
        BoWhileAdaHoldsTheDevice busy = boSubmitsWhileAdaHoldsTheDevice("Device only", false);
        Thread.sleep(1500); // fifteen polls of the idle CPU lane
        JsonNode waiting = busy.bo().json("GET", "/api/runs/" + busy.id(), null);
        assertEquals("queued", waiting.get("state").asString(), "the idle CPU may not take it");
        assertEquals(1, waiting.get("queue_position").asInt(), "Ada's run goes first");

        busy.release();
        JsonNode run = busy.bo().awaitEnd(busy.id(), 60);
        assertEquals("done", run.get("state").asString());
        assertEquals("tornado", run.get("backend").asString());
        assertNull(run.get("message").asString(null));
    }

    @Test
    void withoutADeviceARunThatAsksForItIsRefusedOrRunsOnTheCpuAsTheClassAllows() throws Exception {
        ClassroomServer s = server(new Engines(Backends.cpu(2), null));
        Client strict = SeveralServersTest.student(s, SeveralServersTest.newClass(s, "Strict", limits(false)), "Ada");
        var refused = strict.send("POST", "/api/runs", "{\"model\":\"baseline\",\"backend\":\"tornado\"}");
        assertEquals(400, refused.statusCode());
        assertTrue(Client.JSON.readTree(refused.body()).get("error").asString().contains("no server of this classroom has one"),
                refused.body());
        assertEquals("cpu", strict.awaitEnd(strict.json("POST", "/api/runs", "{\"model\":\"baseline\"}").get("id").asString(), 60)
                .get("backend").asString(), "auto runs on the CPU, which is this server's engine");

        Client open = SeveralServersTest.student(s, SeveralServersTest.newClass(s, "Open", limits(true)), "Bo");
        String id = open.json("POST", "/api/runs", "{\"model\":\"baseline\",\"backend\":\"tornado\"}").get("id").asString();
        JsonNode run = open.awaitEnd(id, 60);
        assertEquals("done", run.get("state").asString());
        assertEquals("cpu", run.get("backend").asString());
        assertTrue(run.get("message").asString().contains("no server here has a device"), run.toString());
    }
}
