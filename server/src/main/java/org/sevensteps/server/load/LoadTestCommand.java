package org.sevensteps.server.load;

import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.server.cli.CommonOptions;
import org.sevensteps.server.runs.Engines;
import org.sevensteps.server.runs.QueueSettings;
import org.sevensteps.server.web.ClassroomServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code loadtest}: starts a server on a free loopback port with a new database and warms its engine
 * up as {@code serve} does, then, with the clock started, signs the teacher in, creates a class, and N
 * simulated students join at once; each submits runs, watches its
 * socket to the end, and checks that it saw every event once, in order. Prints runs completed,
 * time to the first event (p50/p95), errors, and the server's heap.
 */
@Command(name = "loadtest", description = "Simulate a class on a loopback server and report what happened.")
public final class LoadTestCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Mixin CommonOptions common;

    @Option(names = "--students", defaultValue = "40", description = "Simulated students (default: ${DEFAULT-VALUE}, at most 200).")
    int students;

    @Option(names = "--runs", defaultValue = "1", description = "Runs per student (default: ${DEFAULT-VALUE}, at most 3).")
    int runsEach;

    @Option(names = "--model", defaultValue = "baseline", description = "Model each run trains (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs per run for trained models (default: ${DEFAULT-VALUE}).")
    int epochs;

    /** What one student saw. */
    record Outcome(int completed, List<Long> firstEventMillis, List<Long> firstProgressMillis, List<String> errors) {}

    @Override
    public Integer call() throws Exception {
        if (students < 1 || students > 200) throw new IllegalArgumentException("--students must be 1 to 200");
        if (runsEach < 1 || runsEach > 3) throw new IllegalArgumentException("--runs must be 1 to 3");
        Backends.Selection backend = common.selectBackend();
        String db = "jdbc:sqlite:" + Files.createTempDirectory("sevensteps-load").resolve("load.db");
        QueueSettings settings = QueueSettings.of(QueueSettings.Role.ALL, Engines.of(backend.backend(), common.threads()));
        try (ClassroomServer server = new ClassroomServer(0, common.dataDir(), db, backend.backend().name(), settings).start()) {
            // As serve does, and before the clock starts: the first run of a model in a JVM's life is
            // several times slower, and would be counted against the class.
            long warming = System.nanoTime();
            server.warmUpEngine();
            boolean warm = server.awaitWarmUp(Duration.ofMinutes(2));
            System.out.printf("engine %s warmed up in %.1f s%s%n", backend.backend().name(), (System.nanoTime() - warming) / 1e9,
                    warm ? "" : " (not finished after 2 minutes: timing anyway)");
            long start = System.nanoTime();
            String base = "http://127.0.0.1:" + server.port();
            HttpClient teacher = client();
            send(teacher, "GET", URI.create(server.teacherSignInLink().replace("localhost", "127.0.0.1")), null);
            JsonNode klass = JSON.readTree(send(teacher, "POST", URI.create(base + "/api/classes"), "{\"name\":\"Load test\"}").body());
            send(teacher, "PUT", URI.create(base + "/api/classes/" + klass.get("id").asString() + "/limits"),
                    "{\"max_epochs\":" + Math.max(epochs, 1) + ",\"runs_per_student\":" + runsEach + ",\"cpu_fallback\":true}");
            String code = klass.get("code").asString();

            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < students; i++) {
                    int n = i;
                    pool.submit(() -> outcomes.add(student(base, code, "Student " + (n + 1))));
                }
            }
            report(outcomes, (System.nanoTime() - start) / 1e9);
            return outcomes.stream().allMatch(o -> o.errors().isEmpty() && o.completed() == runsEach) ? 0 : 1;
        }
    }

    private Outcome student(String base, String code, String name) {
        List<Long> firsts = new ArrayList<>(), progress = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int completed = 0;
        try {
            HttpClient me = client();
            var joined = send(me, "POST", URI.create(base + "/api/join"), "{\"code\":\"" + code + "\",\"name\":\"" + name + "\"}");
            if (joined.statusCode() != 201) throw new IllegalStateException("join: " + joined.body());
            List<String> ids = new ArrayList<>();
            List<Long> submitted = new ArrayList<>();
            for (int r = 0; r < runsEach; r++) {
                var created = send(me, "POST", URI.create(base + "/api/runs"),
                        "{\"model\":\"" + model + "\",\"epochs\":" + epochs + ",\"seed\":" + (r + 1) + "}");
                if (created.statusCode() != 201) throw new IllegalStateException("submit: " + created.body());
                ids.add(JSON.readTree(created.body()).get("id").asString());
                submitted.add(System.nanoTime());
            }
            for (int r = 0; r < ids.size(); r++) {
                Watch w = new Watch(submitted.get(r));
                WebSocket ws = me.newWebSocketBuilder()
                        .buildAsync(URI.create(base.replace("http", "ws") + "/ws/runs/" + ids.get(r)), w).get(30, TimeUnit.SECONDS);
                String end = w.finished.get(10, TimeUnit.MINUTES);
                ws.abort();
                if (w.gaps > 0) errors.add(name + ": " + w.gaps + " events missing or repeated");
                if (end.equals("done")) completed++;
                else errors.add(name + ": run ended " + end);
                firsts.add(w.firstEventMillis);
                progress.add(w.firstProgressMillis);
            }
        } catch (Exception e) {
            errors.add(name + ": " + e);
        }
        return new Outcome(completed, firsts, progress, errors);
    }

    private void report(List<Outcome> outcomes, double seconds) {
        List<Long> firsts = outcomes.stream().flatMap(o -> o.firstEventMillis().stream()).sorted().toList();
        List<Long> progress = outcomes.stream().flatMap(o -> o.firstProgressMillis().stream()).sorted().toList();
        List<String> errors = outcomes.stream().flatMap(o -> o.errors().stream()).toList();
        int completed = outcomes.stream().mapToInt(Outcome::completed).sum();
        var peak = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.gc(); // what the server still holds: runs, their events and trained models
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf("students %d, runs submitted %d, runs completed %d, errors %d, wall %.1f s%n",
                students, students * runsEach, completed, errors.size(), seconds);
        if (!firsts.isEmpty()) {
            System.out.printf("time from submit to first event (the queue position): p50 %d ms, p95 %d ms, max %d ms%n",
                    pct(firsts, 0.50), pct(firsts, 0.95), firsts.getLast());
            System.out.printf("time from submit to first progress event (waiting in the queue included): "
                    + "p50 %d ms, p95 %d ms, max %d ms%n", pct(progress, 0.50), pct(progress, 0.95), progress.getLast());
        }
        System.out.printf("heap: %d MB in use at the end, %d MB after a full GC (server and simulated students share "
                + "this JVM)%n", peak.getUsed() >> 20, heap.getUsed() >> 20);
        errors.stream().limit(10).forEach(e -> System.out.println("error: " + e));
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> send(HttpClient c, String method, URI uri, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Follows one run's socket: first-event time, sequence gaps, and how it ended. */
    private static final class Watch implements WebSocket.Listener {
        final CompletableFuture<String> finished = new CompletableFuture<>();
        final long submittedNanos;
        final AtomicInteger next = new AtomicInteger();
        final StringBuilder partial = new StringBuilder();
        long firstEventMillis = -1, firstProgressMillis = -1;
        int gaps;

        Watch(long submittedNanos) {
            this.submittedNanos = submittedNanos;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (firstEventMillis < 0) firstEventMillis = (System.nanoTime() - submittedNanos) / 1_000_000;
                JsonNode msg = JSON.readTree(partial.toString());
                partial.setLength(0);
                for (JsonNode e : msg.isArray() ? msg : List.of(msg)) {
                    if (e.get("seq").asInt() != next.getAndIncrement()) gaps++;
                    String type = e.get("type").asString();
                    if (!type.equals("queued") && firstProgressMillis < 0) {
                        firstProgressMillis = (System.nanoTime() - submittedNanos) / 1_000_000;
                    }
                    if (List.of("done", "error", "cancelled").contains(type)) finished.complete(type);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
