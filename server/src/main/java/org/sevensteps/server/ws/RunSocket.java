package org.sevensteps.server.ws;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.websocket.WsContext;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sevensteps.lessons.run.JsonLines;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.server.classroom.Principal;
import org.sevensteps.server.runs.Run;
import org.sevensteps.server.runs.RunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/runs/{id}[?after=SEQ]}: on connect, the events of the run after {@code SEQ} (all of them
 * without it), then the live ones. A socket gets one message every {@value #FLUSH_MS} ms on average,
 * so a watcher gets at most ~20 messages a second however fast the run goes: one event as an object,
 * several as an array. It may send {@value #BURST} messages in a row after a quiet spell (a token
 * bucket): the history on connect, then the run's first batch and its first picture, each go out the
 * moment they exist, so a student sees the curve start without waiting; events that come faster than
 * that wait for the next message and go out together. Only the run's owner
 * and the teacher of its class may watch it; others get 403 before the upgrade. Messages from the
 * client are ignored: the socket is one-way.
 *
 * <p>A client that reconnects with an {@code after} beyond the run's last event here counted the
 * events of another server life (a restart) or of another instance: it gets {@code {"type":"resync"}}
 * first, then the whole history, numbered from 0 again.
 */
public final class RunSocket implements AutoCloseable {
    static final long FLUSH_MS = 50;
    /** Messages a socket may send at once after a quiet spell; then one per {@link #FLUSH_MS} ms. */
    static final int BURST = 3;
    /** Tells a client to forget the numbering it has: the history that follows starts at seq 0 again. */
    static final RunEvent RESYNC = new RunEvent("resync", null, null, null, null, null, null, null, null, null,
            "The server's numbering of this run's events changed (it restarted); the history follows from the start.", null);
    private static final Logger log = LoggerFactory.getLogger(RunSocket.class);

    private final RunQueue queue;
    private final Classroom classroom;
    private final Map<WsContext, Outbox> outboxes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ws-flush");
        t.setDaemon(true);
        return t;
    });

    public RunSocket(RunQueue queue, Classroom classroom) {
        this.queue = queue;
        this.classroom = classroom;
    }

    /** Adds the upgrade check and the socket handlers to the routes. */
    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade("/ws/runs/{id}", ctx -> {
            Run run = queue.find(ctx.pathParam("id")).orElseThrow(() -> new NotFoundResponse("No run with this id."));
            HttpSession session = ctx.req().getSession(false);
            Principal who = classroom.resolve(ctx::cookie, session == null ? "" : session.getId());
            if (!classroom.canSee(who, run.record())) {
                throw new ForbiddenResponse("This run belongs to somebody else.");
            }
        });
        routes.ws("/ws/runs/{id}", ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
                Run run = queue.find(ctx.pathParam("id")).orElseThrow(); // checked before the upgrade
                long after = parseAfter(ctx.queryParam("after"));
                Outbox box = new Outbox();
                if (after > run.lastSeq()) { // the client counted another server life's events (or another instance's)
                    box.pending.add(RESYNC);
                    after = -1;
                }
                outboxes.put(ctx, box);
                box.subscription = run.watch(after, event -> {
                    box.pending.add(event);
                    schedule(ctx, box);
                });
                if (!box.pending.isEmpty()) schedule(ctx, box); // a resync with no history after it
            });
            ws.onClose(ctx -> drop(ctx));
            ws.onError(ctx -> drop(ctx));
            ws.onMessage(ctx -> { /* one-way socket: nothing a client sends changes anything */ });
        });
    }

    private static long parseAfter(String raw) {
        if (raw == null) return -1;
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void drop(WsContext ctx) {
        Outbox box = outboxes.remove(ctx);
        if (box != null && box.subscription != null) {
            try {
                box.subscription.close();
            } catch (Exception ignored) {
                // nothing to release beyond the list entry
            }
        }
    }

    /**
     * Makes sure a flush of {@code box} is due: at once when the socket has a message left in its
     * bucket, else when the next one comes. At most one flush is scheduled per socket.
     */
    private void schedule(WsContext ctx, Outbox box) {
        if (!box.scheduled.compareAndSet(false, true)) return; // the flush already due takes this event too
        long wait = box.untilNextMessage(System.nanoTime());
        try {
            flusher.schedule(() -> flush(ctx, box), wait, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            box.scheduled.set(false);
        }
    }

    /** Sends what waits in {@code box} as one message. Runs on the flusher thread only, so sends keep their order. */
    private void flush(WsContext ctx, Outbox box) {
        box.spend(System.nanoTime()); // first, so the next schedule() counts from this message
        box.scheduled.set(false); // before draining: an event added from now on schedules the next flush
        List<RunEvent> batch = new ArrayList<>();
        for (RunEvent e; (e = box.pending.poll()) != null; ) batch.add(e);
        if (batch.isEmpty() || !outboxes.containsKey(ctx)) return;
        try {
            ctx.send(batch.size() == 1 ? JsonLines.wire(batch.getFirst()) : "[" + String.join(",",
                    batch.stream().map(JsonLines::wire).toList()) + "]");
        } catch (RuntimeException e) {
            log.debug("dropping a socket that failed to send: {}", e.toString());
            drop(ctx);
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }

    /** Events waiting to be sent to one socket. */
    static final class Outbox {
        final ConcurrentLinkedQueue<RunEvent> pending = new ConcurrentLinkedQueue<>();
        /** A flush of this socket is scheduled and has not started draining yet. */
        final AtomicBoolean scheduled = new AtomicBoolean();
        volatile AutoCloseable subscription;
        // The token bucket: messages the socket may send now (up to BURST), one more every FLUSH_MS.
        private double tokens = BURST;
        private long refilledAt = System.nanoTime();

        private static final double INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(FLUSH_MS);

        /** Nanoseconds until the socket may send a message: 0 when it may now. */
        synchronized long untilNextMessage(long now) {
            refill(now);
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * INTERVAL_NANOS);
        }

        /** Counts a message sent now. */
        synchronized void spend(long now) {
            refill(now);
            tokens -= 1; // below 0 only when a flush ran early: the next one waits longer
        }

        private void refill(long now) {
            tokens = Math.min(BURST, tokens + (now - refilledAt) / INTERVAL_NANOS);
            refilledAt = now;
        }
    }
}
