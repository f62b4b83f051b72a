package org.sevensteps.server.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The shared run queue as rows: the server instances and their heartbeats, claiming the next run
 * fairly, ending it, and the flags (cancel, pause, step) that any instance may set and the instance
 * running the run reads.
 *
 * <p>On PostgreSQL a claim is one transaction around {@code SELECT ... FOR UPDATE OF r, o SKIP
 * LOCKED}: a worker skips runs, and owners, that another worker is claiming at that moment, so two
 * workers never take the same run and take different students' runs at once. SQLite has no row
 * locks (and one server per file); there a claim is a select and a guarded update.
 */
public final class QueueStore {
    /** Where a run executes: the device (TornadoVM) or the CPU. */
    public enum Lane { DEVICE, CPU }

    /** Whether a live instance has a device, and whether one of those devices is idle. */
    public record Devices(boolean any, boolean anyFree) {}

    /** The flags of a running run: set by whoever controls it, read by the instance running it. */
    public record Control(boolean paused, int steps, String cancelReason) {}

    /** A queued run, with when its owner was last served: what the fair order needs. */
    public record Waiting(String id, String owner, long createdAt, long ownerServedAt) {}

    /** What {@link #cancel} found. */
    public enum Cancelled { WAS_QUEUED, WAS_RUNNING, HAD_ENDED }

    private final Jdbi jdbi;
    private final boolean postgres;

    public QueueStore(Database db) {
        this.jdbi = db.jdbi();
        this.postgres = db.isPostgres();
    }

    /** True on PostgreSQL, where several instances may share the queue; SQLite has one server per file. */
    public boolean shared() {
        return postgres;
    }

    /** Enters a starting instance. */
    public void register(String instance, String role, boolean device, long now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO instances (id, role, device, device_busy, started_at, heartbeat_at) "
                        + "VALUES (:id, :role, :device, 0, :now, :now)")
                .bind("id", instance).bind("role", role).bind("device", device ? 1 : 0).bind("now", now).execute());
    }

    /** The instance is alive; also forgets instances dead for {@code forgetBefore}. */
    public void beat(String instance, long now, long forgetBefore) {
        jdbi.useHandle(h -> {
            h.createUpdate("UPDATE instances SET heartbeat_at = :now WHERE id = :id").bind("id", instance).bind("now", now).execute();
            h.createUpdate("DELETE FROM instances WHERE heartbeat_at < :t").bind("t", forgetBefore).execute();
        });
    }

    /** Removes a stopping instance. */
    public void leave(String instance) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM instances WHERE id = :id").bind("id", instance).execute());
    }

    public void setDeviceBusy(String instance, boolean busy) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET device_busy = :b WHERE id = :id")
                .bind("id", instance).bind("b", busy ? 1 : 0).execute());
    }

    /** The devices of the instances that heart-beat at {@code liveAfter} or later. */
    public Devices devices(long liveAfter) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*), COALESCE(SUM(CASE WHEN device_busy = 0 THEN 1 ELSE 0 END), 0) "
                        + "FROM instances WHERE device = 1 AND heartbeat_at >= :t")
                .bind("t", liveAfter).map((rs, ctx) -> new Devices(rs.getInt(1) > 0, rs.getInt(2) > 0)).one());
    }

    /**
     * Claims the next run for a lane of {@code instance}: among the runs the lane may take, the
     * oldest run of the owner served longest ago. It becomes {@code running}, with its worker, the
     * backend it runs on and its start time, and its owner counts as served now.
     *
     * <p>The device lane takes runs that asked for {@code auto} or {@code tornado}. The CPU lane
     * takes {@code cpu} runs, {@code auto} runs when no instance has a device, and {@code auto} or
     * {@code tornado} runs of a class that allows the CPU fallback while every device is busy or
     * none is up.
     */
    public Optional<RunRecord> claim(String instance, Lane lane, String engine, Devices devices, long now) {
        String fits = switch (lane) {
            case DEVICE -> "r.backend IN ('auto', 'tornado')";
            case CPU -> "(r.backend = 'cpu' OR (r.backend = 'auto' AND :noDevice = 1) OR (r.backend IN ('auto', 'tornado') "
                    + "AND :noFreeDevice = 1 AND COALESCE(c.cpu_fallback, 1) = 1))";
        };
        String pick = "SELECT r.id, r.owner FROM runs r JOIN run_owners o ON o.owner = r.owner "
                + "LEFT JOIN classes c ON c.id = r.class_id WHERE r.state = 'queued' AND " + fits
                + " ORDER BY o.last_claimed_at, r.created_at, r.id LIMIT 1" + (postgres ? " FOR UPDATE OF r, o SKIP LOCKED" : "");
        org.jdbi.v3.core.HandleCallback<Optional<RunRecord>, RuntimeException> claim = h -> {
            var query = h.createQuery(pick);
            if (lane == Lane.CPU) query.bind("noDevice", devices.any() ? 0 : 1).bind("noFreeDevice", devices.anyFree() ? 0 : 1);
            var next = query.map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).findOne();
            if (next.isEmpty()) return Optional.empty();
            String id = next.get()[0], owner = next.get()[1];
            int taken = h.createUpdate("UPDATE runs SET state = 'running', worker = :w, backend_used = :e, started_at = :now "
                            + "WHERE id = :id AND state = 'queued'")
                    .bind("id", id).bind("w", instance).bind("e", engine).bind("now", now).execute();
            if (taken != 1) return Optional.empty(); // SQLite only: cancelled or claimed since the select
            h.createUpdate("UPDATE run_owners SET last_claimed_at = :now WHERE owner = :o").bind("o", owner).bind("now", now)
                    .execute();
            return find(h, id);
        };
        // SQLite: no transaction, so no read lock has to be upgraded to a write lock (which fails at once
        // in WAL mode when another connection wrote meanwhile); the guarded update makes the claim safe.
        return postgres ? jdbi.inTransaction(claim) : jdbi.withHandle(claim);
    }

    /** Adds a note to a run (why it went to the CPU), kept as its message unless it fails or is cancelled. */
    public void note(String id, String message) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET message = :m WHERE id = :id").bind("id", id).bind("m", message).execute());
    }

    /**
     * Records how a run of {@code instance} ended. Nothing is written, and false returned, when the run
     * is no longer running on that instance (it was declared interrupted when its heartbeat stopped).
     */
    public boolean end(String id, String instance, String state, Double accuracy, String message, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE runs SET state = :s, final_accuracy = :acc, "
                        + "message = COALESCE(:m, message), ended_at = :now WHERE id = :id AND state = 'running' AND worker = :w")
                .bind("id", id).bind("w", instance).bind("s", state).bind("acc", accuracy).bind("m", message).bind("now", now)
                .execute()) == 1;
    }

    /** Cancels a queued run at once, or flags a running one for its worker to stop at the next batch. */
    public Cancelled cancel(String id, String reason, long now) {
        return jdbi.withHandle(h -> {
            int n = h.createUpdate("UPDATE runs SET state = 'cancelled', message = :r, ended_at = :now "
                    + "WHERE id = :id AND state = 'queued'").bind("id", id).bind("r", reason).bind("now", now).execute();
            if (n == 1) return Cancelled.WAS_QUEUED;
            n = h.createUpdate("UPDATE runs SET cancel_reason = COALESCE(cancel_reason, :r) WHERE id = :id AND state = 'running'")
                    .bind("id", id).bind("r", reason).execute();
            return n == 1 ? Cancelled.WAS_RUNNING : Cancelled.HAD_ENDED;
        });
    }

    /** Pauses or resumes a run, wherever it runs. */
    public void setPaused(String id, boolean paused) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET paused = :p WHERE id = :id").bind("id", id).bind("p", paused ? 1 : 0)
                .execute());
    }

    /** Pauses a run and grants it one more batch. */
    public void addStep(String id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET paused = 1, steps = steps + 1 WHERE id = :id").bind("id", id).execute());
    }

    /** The flags of one run. */
    public Optional<Control> control(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT paused, steps, cancel_reason FROM runs WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Control(rs.getInt(1) != 0, rs.getInt(2), rs.getString(3))).findOne());
    }

    /** The flags of every run running on {@code instance}, by run id; a run missing here was taken from it. */
    public Map<String, Control> controlsOf(String instance) {
        return jdbi.withHandle(h -> {
            Map<String, Control> out = new HashMap<>();
            h.createQuery("SELECT id, paused, steps, cancel_reason FROM runs WHERE worker = :w AND state = 'running'")
                    .bind("w", instance)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), new Control(rs.getInt(2) != 0, rs.getInt(3), rs.getString(4))))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    /** Notes that a page watches these runs now. */
    public void touchWatched(Collection<String> ids, long now) {
        if (ids.isEmpty()) return;
        jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET watched_at = :now WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids)).bind("now", now).execute());
    }

    /** Waiting or running runs started from a lesson page that no page watched since {@code before}. */
    public List<String> abandoned(long before) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM runs WHERE interactive = 1 AND state IN ('queued', 'running') "
                + "AND watched_at < :t").bind("t", before).mapTo(String.class).list());
    }

    /**
     * Marks interrupted every running run whose instance no longer heart-beats (none since
     * {@code liveAfter}); returns how many.
     */
    public int interruptStale(long liveAfter, long now, String message) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE runs SET state = 'interrupted', ended_at = :now, message = :m "
                        + "WHERE state = 'running' AND (worker IS NULL OR worker NOT IN "
                        + "(SELECT id FROM instances WHERE heartbeat_at >= :t))")
                .bind("t", liveAfter).bind("now", now).bind("m", message).execute());
    }

    /** Marks every running run interrupted (a SQLite server starting: it was the only one); returns how many. */
    public int interruptAllRunning(long now, String message) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE runs SET state = 'interrupted', ended_at = :now, message = :m "
                + "WHERE state = 'running'").bind("now", now).bind("m", message).execute());
    }

    /** Every queued run, for the fair order. */
    public List<Waiting> waiting() {
        return jdbi.withHandle(h -> h.createQuery("SELECT r.id, r.owner, r.created_at, o.last_claimed_at FROM runs r "
                        + "JOIN run_owners o ON o.owner = r.owner WHERE r.state = 'queued'")
                .map((rs, ctx) -> new Waiting(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).list());
    }

    /** How many runs are running, on all instances. */
    public int running() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM runs WHERE state = 'running'").mapTo(Integer.class).one());
    }

    /** How many runs of {@code owner} wait or run. */
    public int activeOf(String owner) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM runs WHERE owner = :o AND state IN ('queued', 'running')")
                .bind("o", owner).mapTo(Integer.class).one());
    }

    private static Optional<RunRecord> find(Handle h, String id) {
        return h.createQuery("SELECT " + RunStore.COLUMNS + " FROM runs WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> RunStore.run(rs)).findOne();
    }
}
