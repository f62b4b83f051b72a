package org.sevensteps.server.runs;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One browser (its own cookies) talking to one server instance: REST calls and run sockets. */
final class Client {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    final String base;

    Client(String base) {
        this(base, HttpClient.newBuilder().cookieHandler(new CookieManager()).build());
    }

    private Client(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** The same browser (same cookies) talking to another instance: cookies are per host, not per port. */
    Client on(String otherBase) {
        return new Client(otherBase, http);
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON answer of a call that must succeed (2xx or a redirect). */
    JsonNode json(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() >= 400) throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    /** Polls GET /api/runs/{id} until it has ended (with its result) or {@code seconds} passed. */
    JsonNode awaitEnd(String id, int seconds) throws Exception {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < until) {
            JsonNode run = json("GET", "/api/runs/" + id, null);
            if (run.has("result") && !List.of("queued", "running").contains(run.get("state").asString())) return run;
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not end in " + seconds + " s");
    }

    /** Polls GET /api/runs/{id} until {@code field} satisfies {@code test}. */
    JsonNode awaitRun(String id, int seconds, java.util.function.Predicate<JsonNode> test) throws Exception {
        long until = System.currentTimeMillis() + seconds * 1000L;
        JsonNode run = null;
        while (System.currentTimeMillis() < until) {
            run = json("GET", "/api/runs/" + id, null);
            if (test.test(run)) return run;
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " never got there: " + run);
    }

    /** Opens /ws/runs/{id} and collects its events. */
    Watch watch(String id) throws Exception {
        Watch w = new Watch();
        w.socket = http.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws/runs/" + id), w)
                .get(10, TimeUnit.SECONDS);
        return w;
    }

    /** Events of one run socket, until its final event. */
    static final class Watch implements WebSocket.Listener {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<JsonNode> end = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode msg = JSON.readTree(partial.toString());
                partial.setLength(0);
                for (JsonNode e : msg.isArray() ? msg : List.of(msg)) {
                    events.add(e);
                    if (List.of("done", "error", "cancelled").contains(e.get("type").asString())) end.complete(e);
                }
            }
            ws.request(1);
            return null;
        }

        List<JsonNode> ofType(String type) {
            return events.stream().filter(e -> e.get("type").asString().equals(type)).toList();
        }

        JsonNode awaitEnd(int seconds) throws Exception {
            try {
                return end.get(seconds, TimeUnit.SECONDS);
            } finally {
                socket.abort();
            }
        }
    }
}
