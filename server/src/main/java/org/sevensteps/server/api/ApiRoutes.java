package org.sevensteps.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.server.classroom.Cookies;
import org.sevensteps.server.classroom.Principal;
import org.sevensteps.server.classroom.RateLimiter;
import org.sevensteps.server.runs.Run;
import org.sevensteps.server.runs.RunQueue;
import org.sevensteps.server.store.ClassroomStore.ClassRecord;
import org.sevensteps.server.store.RunRecord;
import org.sevensteps.server.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The routes of {@code /api}, and the one error mapper that turns every failure into
 * {@code {"error": "..."}} with a 4xx status (500 only for a bug, whose details go to the log).
 * Every route that touches a run or a class checks the caller against {@link Classroom}.
 */
public final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    private final RunQueue queue;
    private final RunStore runs;
    private final Classroom classroom;
    private final String backend;
    private final ObjectMapper json;
    // A class of 40 may sit behind one address (a school proxy): the limit must let a whole class in at once.
    private final RateLimiter joins = new RateLimiter(120, 60_000);
    private final RateLimiter signIns = new RateLimiter(10, 60_000);

    public ApiRoutes(RunQueue queue, RunStore runs, Classroom classroom, String backend, ObjectMapper json) {
        this.queue = queue;
        this.runs = runs;
        this.classroom = classroom;
        this.backend = backend;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/health", this::health);
        routes.get("/api/me", ctx -> ctx.json(describe(who(ctx))));
        routes.post("/api/join", this::join);
        routes.get("/api/teacher/signin", this::signIn);
        routes.post("/api/classes", this::createClass);
        routes.get("/api/classes", ctx -> ctx.json(classroom.classesOf(who(ctx)).stream().map(ApiRoutes::klass).toList()));
        routes.put("/api/classes/{id}/limits", this::setLimits);
        routes.get("/api/classes/{id}/runs", this::classRuns);
        routes.post("/api/runs", this::createRun);
        routes.get("/api/runs", ctx -> ctx.json(runs.byOwner(who(ctx).ownerKey()).stream().map(ApiRoutes::summary).toList()));
        routes.get("/api/runs/{id}", this::getRun);
        routes.delete("/api/runs/{id}", this::cancelRun);
        routes.post("/api/runs/{id}/restart", this::restartRun);
        routes.get("/api/runs/{id}/metrics.csv", this::metricsCsv);
        routes.get("/api/runs/{id}/weights.json", this::weightsJson);
        routes.post("/api/runs/{id}/classify", this::classify);
        routes.post("/api/runs/{id}/pause", ctx -> control(ctx, RunQueue.Action.PAUSE));
        routes.post("/api/runs/{id}/resume", ctx -> control(ctx, RunQueue.Action.RESUME));
        routes.post("/api/runs/{id}/step", ctx -> control(ctx, RunQueue.Action.STEP));

        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        routes.exception(Classroom.NotAllowedException.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        routes.exception(RunQueue.RateLimitedException.class, (e, ctx) -> error(ctx, 429, e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "Something went wrong on the server; the teacher can find the details in its log.");
        });
        routes.error(404, "*", ctx -> {
            if (ctx.path().startsWith("/api") && ctx.result() == null) {
                error(ctx, 404, "No such API endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        routes.error(413, "*", ctx -> error(ctx, 413, "The request is too large."));
    }

    /** The caller of a request, from its cookies (anonymous visitors are known by their session). */
    Principal who(Context ctx) {
        return classroom.resolve(ctx::cookie, ctx.req().getSession(true).getId());
    }

    /**
     * GET /api/health: whether the server is up, which backend runs the engine, how long the shared
     * queue is, and this instance: its id, its role and how many runs it executed.
     */
    private void health(Context ctx) {
        ctx.json(Map.of("status", "ok", "backend", backend, "queue_length", queue.length(), "instance", queue.instance(),
                "role", queue.role().name().toLowerCase(), "runs_executed", queue.executedHere()));
    }

    /** POST /api/join {"code": "K7PM-Q3XA", "name": "Ada"}: the caller becomes a student of that class. */
    private void join(Context ctx) {
        if (!joins.allow(ctx.ip())) throw new RunQueue.RateLimitedException("Too many joins from this address; wait a minute.");
        JsonNode body = object(ctx);
        Classroom.Joined j = classroom.join(text(body, "code"), text(body, "name"));
        ctx.header("Set-Cookie", Cookies.header(Classroom.STUDENT_COOKIE, j.secret(), ctx.scheme().equals("https")));
        ctx.status(HttpStatus.CREATED).json(Map.of("student", j.student().displayName(), "class", j.klass().name()));
    }

    /** GET /api/teacher/signin?token=...: the one-time link printed at start; sets the teacher cookie. */
    private void signIn(Context ctx) {
        if (!signIns.allow(ctx.ip())) throw new RunQueue.RateLimitedException("Too many sign-in attempts; wait a minute.");
        String session = classroom.signIn(ctx.queryParam("token"));
        ctx.header("Set-Cookie", Cookies.header(Classroom.TEACHER_COOKIE, session, ctx.scheme().equals("https")));
        ctx.redirect("/teacher");
    }

    private void createClass(Context ctx) {
        ClassRecord c = classroom.createClass(who(ctx), text(object(ctx), "name"));
        ctx.status(HttpStatus.CREATED).json(klass(c));
    }

    /** PUT /api/classes/{id}/limits {"max_epochs": 20, "runs_per_student": 3, "cpu_fallback": true}. */
    private void setLimits(Context ctx) {
        JsonNode body = object(ctx);
        Principal teacher = who(ctx);
        classroom.setLimits(teacher, ctx.pathParam("id"), integer(body, "max_epochs"), integer(body, "runs_per_student"),
                body.path("cpu_fallback").asBoolean(true));
        ctx.json(klass(classroom.ownClass(teacher, ctx.pathParam("id"))));
    }

    private void classRuns(Context ctx) {
        ClassRecord c = classroom.ownClass(who(ctx), ctx.pathParam("id"));
        ctx.json(runs.byClass(c.id()).stream().map(ApiRoutes::summary).toList());
    }

    /** POST /api/runs with a RunSpec as JSON (missing fields take the model's defaults). */
    /**
     * POST /api/runs: queues the spec. {@code "interactive": true} (what a lesson page sends) marks a
     * run that is cancelled when nobody has watched it for a minute, like one started from the page.
     */
    private void createRun(Context ctx) {
        JsonNode body = object(ctx);
        RunSpec spec = RunSpec.parse(fields(body)::get);
        boolean interactive = body.has("interactive") && body.get("interactive").asBoolean(false);
        RunQueue.Ticket t = queue.submit(spec, who(ctx), interactive, null);
        ctx.status(HttpStatus.CREATED).json(Map.of("id", t.run().id(), "queue_position", t.position(), "spec", spec));
    }

    /** GET /api/runs/{id}: spec, state, the stored epochs and how it ended. */
    private void getRun(Context ctx) {
        Run run = visibleRun(ctx);
        Map<String, Object> out = new LinkedHashMap<>(summary(runs.find(run.id()).orElse(run.record())));
        out.put("queue_position", queue.positionOf(run));
        out.put("epochs", runs.epochs(run.id()));
        run.events().stream().filter(RunEvent::isFinal).findFirst().ifPresent(e -> out.put("result", e));
        ctx.json(out);
    }

    /** DELETE /api/runs/{id}: asks the run to stop; it ends with a {@code cancelled} event. */
    private void cancelRun(Context ctx) {
        Principal p = who(ctx);
        Run run = visibleRun(ctx, p);
        queue.cancel(run, p.isTeacher() ? "Cancelled by the teacher." : "Cancelled.");
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("id", run.id(), "state", run.state()));
    }

    /** POST /api/runs/{id}/pause|resume|step: hold at the next batch, go on, or do one more batch. */
    private void control(Context ctx, RunQueue.Action action) {
        Run run = visibleRun(ctx);
        boolean paused = queue.control(run, action);
        ctx.json(Map.of("id", run.id(), "state", run.state(), "paused", paused));
    }

    /** GET /api/runs/{id}/metrics.csv: one line per finished epoch. */
    private void metricsCsv(Context ctx) {
        Run run = visibleRun(ctx);
        StringBuilder csv = new StringBuilder("epoch,train_loss,valid_loss,valid_accuracy,seconds\n");
        for (var e : runs.epochs(run.id())) {
            csv.append(e.epoch()).append(',').append(blankIfNull(e.trainLoss())).append(',').append(blankIfNull(e.validLoss()))
                    .append(',').append(e.validAccuracy()).append(',').append(e.seconds()).append('\n');
        }
        ctx.header("Content-Disposition", "attachment; filename=\"run-" + run.id() + "-metrics.csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
    }

    private static String blankIfNull(Double v) {
        return v == null ? "" : v.toString();
    }

    /**
     * GET /api/runs/{id}/weights.json: the trained parameters, documented in the README:
     * {@code {"format":"sevensteps-weights-1","spec":{...},"parameters":[{"shape":[..],"data":[..]},...]}}.
     */
    private void weightsJson(Context ctx) {
        Run run = visibleRun(ctx);
        var model = trainedModel(run);
        List<Map<String, Object>> params = model.parameters().stream()
                .map(t -> Map.<String, Object>of("shape", t.shape(), "data", t.data())).toList();
        ctx.header("Content-Disposition", "attachment; filename=\"run-" + run.id() + "-weights.json\"");
        ctx.json(Map.of("format", "sevensteps-weights-1", "spec", run.record().spec(), "digits", model.digits(),
                "parameters", params));
    }

    /** POST /api/runs/{id}/classify {"pixels":[784 values in 0..1]}: the trained model's probabilities. */
    private void classify(Context ctx) {
        Run run = visibleRun(ctx);
        var model = trainedModel(run);
        JsonNode pixels = object(ctx).get("pixels");
        if (pixels == null || !pixels.isArray() || pixels.size() != 784) {
            throw new BadRequestResponse("\"pixels\" must be an array of 784 numbers between 0 and 1.");
        }
        float[] px = new float[784];
        for (int i = 0; i < 784; i++) {
            JsonNode v = pixels.get(i);
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
                throw new BadRequestResponse("\"pixels\" must be an array of 784 numbers between 0 and 1.");
            }
            px[i] = (float) v.asDouble();
        }
        double[] p = model.classify(px);
        int[] digits = model.digits();
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        ctx.json(Map.of("digits", digits, "probabilities", p, "predicted", digits[best]));
    }

    private static org.sevensteps.lessons.run.TrainedModel trainedModel(Run run) {
        var model = run.trained();
        if (model == null) {
            throw new BadRequestResponse(run.record().active() ? "The run has not finished yet."
                    : "This run's trained model is not in memory any more (only runs of this server's life that "
                            + "finished training keep it); train again with the same seed to get it back.");
        }
        return model;
    }

    /** POST /api/runs/{id}/restart: the same spec and seed again, as a new run. */
    private void restartRun(Context ctx) {
        Principal who = who(ctx);
        Run old = visibleRun(ctx, who);
        if (old.record().active()) throw new BadRequestResponse("This run has not ended yet.");
        RunQueue.Ticket t = queue.restart(old, who);
        ctx.status(HttpStatus.CREATED).json(Map.of("id", t.run().id(), "queue_position", t.position(),
                "restarted_from", old.id()));
    }

    private Run visibleRun(Context ctx) {
        return visibleRun(ctx, who(ctx));
    }

    /** The run named by the path, when {@code who} may see it: 404 or 403 otherwise. */
    private Run visibleRun(Context ctx, Principal who) {
        Run run = queue.find(ctx.pathParam("id")).orElseThrow(() -> new NotFoundResponse("No run with this id."));
        if (!classroom.canSee(who, run.record())) {
            throw new Classroom.NotAllowedException("This run belongs to somebody else.");
        }
        return run;
    }

    static Map<String, Object> summary(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("state", r.state());
        m.put("spec", r.spec());
        m.put("backend", r.backendUsed());
        m.put("final_accuracy", r.finalAccuracy());
        m.put("message", r.message());
        m.put("restarted_from", r.restartedFrom());
        m.put("created_at", r.createdAt());
        m.put("worker", r.worker());
        return m;
    }

    static Map<String, Object> klass(ClassRecord c) {
        return Map.of("id", c.id(), "code", c.code(), "name", c.name(), "max_epochs", c.maxEpochs(),
                "runs_per_student", c.runsPerStudent(), "cpu_fallback", c.cpuFallback());
    }

    private static Map<String, Object> describe(Principal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", p.kind().name().toLowerCase());
        m.put("name", p.displayName());
        return m;
    }

    private JsonNode object(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JacksonException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestResponse("The body must be a JSON object, e.g. {\"model\":\"baseline\"}.");
        }
        return body;
    }

    private static String text(JsonNode body, String key) {
        JsonNode v = body.get(key);
        if (v == null || !v.isValueNode() || v.isNull()) throw new BadRequestResponse("\"" + key + "\" is missing.");
        return v.asString();
    }

    private static int integer(JsonNode body, String key) {
        JsonNode v = body.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new BadRequestResponse("\"" + key + "\" must be a whole number.");
        }
        return v.asInt();
    }

    /** The run-spec fields of a JSON object, as strings. */
    private static Map<String, String> fields(JsonNode body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : RunSpec.KEYS) {
            JsonNode v = body.get(key);
            if (v != null && !v.isNull()) out.put(key, v.isValueNode() ? v.asString() : v.toString());
        }
        return out;
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null || message.isBlank() ? "error " + status : message));
    }
}
