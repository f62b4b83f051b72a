package org.sevensteps.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.server.web.ClassroomServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API and the run socket, against a real server on a free port. */
@Timeout(120)
class ApiTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static ClassroomServer server;
    static String base;

    @BeforeAll
    static void start() {
        // Warming up as serve does: every test below then also checks that runs submitted meanwhile are served.
        server = new ClassroomServer(0, dataDir(), org.sevensteps.server.store.Databases.sqlite(), "cpu (test)").start().warmUpEngine();
        base = "http://localhost:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Path dataDir() {
        String configured = System.getProperty("sevensteps.dataDir");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".local", "share", "sevensteps");
    }

    /** A client with its own cookie jar: one browser session. */
    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    static HttpResponse<String> send(HttpClient client, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    @Test
    void healthSaysOkWithTheBackendAndTheQueueLength() throws Exception {
        var r = send(browser(), "GET", "/api/health", null);
        assertEquals(200, r.statusCode());
        assertEquals("ok", json(r).get("status").asString());
        assertEquals("cpu (test)", json(r).get("backend").asString());
        assertTrue(json(r).has("queue_length"));
    }

    @Test
    void aBaselineRunIsQueuedAndEndsDoneWithTheSourceTextsAccuracy() throws Exception {
        HttpClient me = browser();
        var created = send(me, "POST", "/api/runs", "{\"model\":\"baseline\"}");
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).get("id").asString();
        JsonNode run = awaitEnd(me, id);
        assertEquals("done", run.get("state").asString());
        assertEquals(0.951, run.get("result").get("valid_accuracy").asDouble(), 1e-3);
        assertEquals(0.951, run.get("final_accuracy").asDouble(), 1e-3);
    }

    @Test
    void aNegativeLearningRateIsRefusedWithAMessageAndNothingIsQueued() throws Exception {
        var r = send(browser(), "POST", "/api/runs", "{\"model\":\"linear\",\"lr\":-1}");
        assertEquals(400, r.statusCode());
        assertTrue(json(r).get("error").asString().contains("Learning rate must be between"), r.body());
    }

    @Test
    void malformedJsonAndUnknownModelsGetClearErrors() throws Exception {
        var bad = send(browser(), "POST", "/api/runs", "{model: baseline");
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad).get("error").asString().contains("JSON object"), bad.body());
        var unknown = send(browser(), "POST", "/api/runs", "{\"model\":\"resnet\"}");
        assertEquals(400, unknown.statusCode());
        assertTrue(json(unknown).get("error").asString().contains("unknown model"), unknown.body());
    }

    @Test
    void aTenMegabyteRequestIsRefusedAndTheServerKeepsServing() throws Exception {
        String huge = "{\"model\":\"baseline\",\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        // "Expect: 100-continue": the server answers from the headers, before any of the body is sent. Without
        // it, the server's answer can race the client's writing: on a loaded machine the client was still
        // sending when the server closed the connection, and saw a broken pipe instead of the 413.
        var r = browser().send(HttpRequest.newBuilder(URI.create(base + "/api/runs")).expectContinue(true)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
        assertTrue(json(r).get("error").asString().contains("too large"), r.body());
        assertEquals(200, send(browser(), "GET", "/api/health", null).statusCode());
    }

    @Test
    void unknownEndpointsAnswerJson404() throws Exception {
        var r = send(browser(), "GET", "/api/nothing-here", null);
        assertEquals(404, r.statusCode());
        assertTrue(json(r).get("error").asString().contains("/api/nothing-here"), r.body());
    }

    @Test
    void anotherSessionCanNeitherReadNorCancelNorWatchMyRun() throws Exception {
        HttpClient me = browser(), other = browser();
        String id = json(send(me, "POST", "/api/runs", "{\"model\":\"baseline\"}")).get("id").asString();
        assertEquals(403, send(other, "GET", "/api/runs/" + id, null).statusCode());
        assertEquals(403, send(other, "DELETE", "/api/runs/" + id, null).statusCode());
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> other.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws/runs/" + id),
                        new Collector()).get(10, TimeUnit.SECONDS));
        var handshake = assertInstanceOf(java.net.http.WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
        awaitEnd(me, id);
    }

    @Test
    void theSocketSendsHistoryThenLiveEventsAndResumesWithoutDuplicates() throws Exception {
        HttpClient me = browser();
        String id = json(send(me, "POST", "/api/runs", "{\"model\":\"baseline\"}")).get("id").asString();
        List<JsonNode> all = watch(me, id, -1);
        assertEquals("queued", all.getFirst().get("type").asString(), "first the place in the queue");
        assertEquals("snapshot", all.get(1).get("type").asString());
        assertEquals("done", all.getLast().get("type").asString());
        for (int i = 0; i < all.size(); i++) assertEquals(i, all.get(i).get("seq").asInt(), "seq in order, no gaps");

        List<JsonNode> resumed = watch(me, id, 10);
        assertEquals(11, resumed.getFirst().get("seq").asInt());
        assertEquals(all.size() - 11, resumed.size());
    }

    @Test
    void theSocketSendsAtMostAboutTwentyMessagesASecondAndTheFirstBatchAmongTheFirst() throws Exception {
        HttpClient me = browser();
        // 3 epochs of 49 batches: about 160 events in well under a second on this engine.
        String id = json(send(me, "POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":3,\"seed\":3}")).get("id").asString();
        Collector c = new Collector();
        WebSocket ws = me.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws/runs/" + id), c)
                .get(10, TimeUnit.SECONDS);
        c.finished.get(60, TimeUnit.SECONDS);
        ws.abort();
        double spanMs = (c.arrivals.getLast() - c.arrivals.getFirst()) / 1e6;
        System.out.printf("  %d events in %d messages over %.0f ms%n", c.events.size(), c.arrivals.size(), spanMs);
        // One message per 50 ms at most (a little slack for arrival jitter); one per event would be ~160.
        assertTrue(c.arrivals.size() <= spanMs / 50 + 4, c.arrivals.size() + " messages in " + spanMs + " ms");
        JsonNode firstBatch = c.events.stream().filter(e -> e.get("type").asString().equals("batch")).findFirst().orElseThrow();
        assertEquals(1, firstBatch.get("batch").asInt(), "the curve starts with the first batch");
    }

    @Test
    void aClientThatCountedMoreEventsThanTheServerHasGetsAResyncThenTheWholeHistory() throws Exception {
        HttpClient me = browser();
        String id = json(send(me, "POST", "/api/runs", "{\"model\":\"baseline\"}")).get("id").asString();
        List<JsonNode> all = watch(me, id, -1);
        // A reconnect after a restart: the page counted the old server life's events, more than this one has.
        List<JsonNode> again = watch(me, id, all.size() + 500);
        assertEquals("resync", again.getFirst().get("type").asString());
        assertFalse(again.getFirst().has("seq"));
        assertEquals(all, again.subList(1, again.size()), "then the whole history, from seq 0");
    }

    /** Collects events from /ws/runs/{id}?after=N until the final one. */
    static List<JsonNode> watch(HttpClient client, String id, int after) throws Exception {
        Collector c = new Collector();
        WebSocket ws = client.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http", "ws") + "/ws/runs/" + id + "?after=" + after), c)
                .get(10, TimeUnit.SECONDS);
        c.finished.get(60, TimeUnit.SECONDS);
        ws.abort();
        return c.events;
    }

    static JsonNode awaitEnd(HttpClient client, String id) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode run = json(send(client, "GET", "/api/runs/" + id, null));
            if (run.has("result") && !run.get("state").asString().equals("running")) return run;
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not end");
    }

    static final class Collector implements WebSocket.Listener {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        /** System.nanoTime() of each whole message. */
        final List<Long> arrivals = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                arrivals.add(System.nanoTime());
                JsonNode msg = JSON.readTree(partial.toString());
                partial.setLength(0);
                for (JsonNode e : msg.isArray() ? msg : List.of(msg)) {
                    events.add(e);
                    if (List.of("done", "error", "cancelled").contains(e.get("type").asString())) finished.complete(null);
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Test
    void aFinishedRunsModelClassifiesADigitAndExportsItsWeightsAndMetrics() throws Exception {
        HttpClient me = browser();
        String id = json(send(me, "POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":3,\"seed\":1}")).get("id").asString();
        assertEquals("done", awaitEnd(me, id).get("state").asString());

        var mnist = new org.sevensteps.lessons.mnist.MnistStore(dataDir()).load().test();
        int seven = 0; // the first test digit is a 7
        StringBuilder pixels = new StringBuilder("{\"pixels\":[");
        for (int i = 0; i < 784; i++) pixels.append(i == 0 ? "" : ",").append(mnist.pixels()[seven * 784 + i]);
        var r = send(me, "POST", "/api/runs/" + id + "/classify", pixels.append("]}").toString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(7, json(r).get("predicted").asInt());
        assertEquals(2, json(r).get("probabilities").size());

        var bad = send(me, "POST", "/api/runs/" + id + "/classify", "{\"pixels\":[1,2,3]}");
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad).get("error").asString().contains("784"), bad.body());

        var csv = send(me, "GET", "/api/runs/" + id + "/metrics.csv", null);
        assertEquals(200, csv.statusCode());
        assertEquals(4, csv.body().lines().count(), csv.body());
        assertTrue(csv.body().startsWith("epoch,train_loss,valid_loss,valid_accuracy,seconds"));

        var weights = json(send(me, "GET", "/api/runs/" + id + "/weights.json", null));
        assertEquals("sevensteps-weights-1", weights.get("format").asString());
        assertEquals(784, weights.get("parameters").get(0).get("data").size(), "w: 784 weights");
        assertEquals(1, weights.get("parameters").get(1).get("data").size(), "b: one bias");
    }

    // The Vaadin pages need the packaged jar; the end-to-end tests open them in Chromium.
    @Test
    void chartJsIsServedFromItsWebjar() throws Exception {
        var chartJs = send(browser(), "GET", "/webjars/chart.js/4.5.1/dist/chart.umd.min.js", null);
        assertEquals(200, chartJs.statusCode());
        assertFalse(chartJs.body().isEmpty());
    }
}
