package org.sevensteps.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.runs.Run;
import org.sevensteps.server.runs.RunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The routes of {@code /api}, and the one error mapper that turns every failure into JSON. */
public final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    private final RunQueue queue;
    private final String backend;
    private final ObjectMapper json;

    public ApiRoutes(RunQueue queue, String backend, ObjectMapper json) {
        this.queue = queue;
        this.backend = backend;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/health", this::health);
        routes.post("/api/runs", this::createRun);
        routes.get("/api/runs/{id}", this::getRun);
        routes.delete("/api/runs/{id}", this::cancelRun);

        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "Something went wrong on the server; the teacher can find the details in its log.");
        });
        routes.error(404, "*", ctx -> {
            if (ctx.path().startsWith("/api")) error(ctx, 404, "No such API endpoint: " + ctx.method() + " " + ctx.path());
        });
        routes.error(413, "*", ctx -> error(ctx, 413, "The request is too large."));
    }

    /** GET /api/health: whether the server is up, which backend runs the engine, how long the queue is. */
    private void health(Context ctx) {
        ctx.json(Map.of("status", "ok", "backend", backend, "queue_length", queue.length()));
    }

    /** POST /api/runs with a RunSpec as JSON (missing fields take the model's defaults). */
    private void createRun(Context ctx) {
        RunSpec spec = RunSpec.parse(bodyFields(ctx)::get);
        RunQueue.Ticket t = queue.submit(spec, ctx.req().getSession(true).getId());
        ctx.status(HttpStatus.CREATED).json(Map.of("id", t.run().id(), "queue_position", t.position(),
                "spec", t.run().spec()));
    }

    /** GET /api/runs/{id}: spec, state and the last epoch's metrics. */
    private void getRun(Context ctx) {
        Run run = visibleRun(ctx);
        List<RunEvent> events = run.events();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", run.id());
        out.put("state", run.state().name().toLowerCase());
        out.put("spec", run.spec());
        out.put("events", events.size());
        events.stream().filter(e -> e.type().equals("epoch")).reduce((a, b) -> b).ifPresent(e -> out.put("last_epoch", e));
        events.stream().filter(RunEvent::isFinal).findFirst().ifPresent(e -> out.put("result", e));
        ctx.json(out);
    }

    /** DELETE /api/runs/{id}: asks the run to stop; it ends with a {@code cancelled} event. */
    private void cancelRun(Context ctx) {
        Run run = visibleRun(ctx);
        run.requestCancel();
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("id", run.id(), "state", run.state().name().toLowerCase()));
    }

    private Run visibleRun(Context ctx) {
        Run run = queue.find(ctx.pathParam("id")).orElseThrow(() -> new NotFoundResponse("No run with this id."));
        var session = ctx.req().getSession(false);
        if (session == null || !run.visibleTo(session.getId())) {
            throw new ForbiddenResponse("This run belongs to another session.");
        }
        return run;
    }

    /** The top-level fields of a JSON object body, as strings. */
    private Map<String, String> bodyFields(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JacksonException e) {
            throw new BadRequestResponse("The body must be a JSON object, e.g. {\"model\":\"baseline\"}.");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestResponse("The body must be a JSON object, e.g. {\"model\":\"baseline\"}.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : RunSpec.KEYS) {
            JsonNode v = body.get(key);
            if (v != null && !v.isNull()) out.put(key, v.isValueNode() ? v.asString() : v.toString());
        }
        return out;
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? "error " + status : message));
    }
}
