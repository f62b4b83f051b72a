package org.sevensteps.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.sevensteps.lessons.spec.RunSpec;

/**
 * Runs and their per-epoch metrics: written as they happen, so a restart loses no finished epoch.
 * How a run moves through the shared queue (claimed, ended, cancelled) is {@link QueueStore}'s part.
 */
public final class RunStore {
    /** The columns {@link #run} reads, for every query that returns runs. */
    static final String COLUMNS = "id, owner, class_id, model, epochs, lr, batch_size, seed, backend, state, "
            + "backend_used, final_accuracy, message, restarted_from, created_at, started_at, ended_at, worker";

    private final Jdbi jdbi;

    public RunStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Stores a new queued run (not interactive, not paused). */
    public void insert(RunRecord r) {
        insert(r, false, false);
    }

    /**
     * Stores a new queued run and enters its owner in the round-robin, so the queue can pick it.
     *
     * @param interactive started from a lesson page: cancelled when no page watches it any more
     * @param paused holds before its first batch (for stepping through it)
     */
    public void insert(RunRecord r, boolean interactive, boolean paused) {
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO runs (" + COLUMNS + ", interactive, watched_at, paused) VALUES (:id, :owner, "
                            + ":classId, :model, :epochs, :lr, :batchSize, :seed, :backend, :state, NULL, NULL, NULL, "
                            + ":restartedFrom, :createdAt, NULL, NULL, NULL, :interactive, :createdAt, :paused)")
                    .bind("id", r.id()).bind("owner", r.owner()).bind("classId", r.classId())
                    .bind("model", r.spec().model()).bind("epochs", r.spec().epochs()).bind("lr", r.spec().lr())
                    .bind("batchSize", r.spec().batchSize()).bind("seed", r.spec().seed())
                    .bind("backend", r.spec().backend()).bind("state", r.state())
                    .bind("restartedFrom", r.restartedFrom()).bind("createdAt", r.createdAt())
                    .bind("interactive", interactive ? 1 : 0).bind("paused", paused ? 1 : 0)
                    .execute();
            h.createUpdate("INSERT INTO run_owners (owner, last_claimed_at) VALUES (:o, 0) ON CONFLICT (owner) DO NOTHING")
                    .bind("o", r.owner()).execute();
        });
    }

    /** Stores the metrics of an epoch when it ends. */
    public void addEpoch(EpochRecord e) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO run_epochs (run_id, epoch, train_loss, valid_loss, valid_accuracy, seconds) "
                        + "VALUES (:runId, :epoch, :trainLoss, :validLoss, :validAccuracy, :seconds)")
                .bindMethods(e).execute());
    }

    public Optional<RunRecord> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> run(rs)).findOne());
    }

    /** The runs with these ids (those that exist). */
    public List<RunRecord> findAll(java.util.Collection<String> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids)).map((rs, ctx) -> run(rs)).list());
    }

    /** The stored epochs of a run, in order. */
    public List<EpochRecord> epochs(String runId) {
        return epochsAfter(runId, 0);
    }

    /** The stored epochs of a run after epoch {@code after}, in order. */
    public List<EpochRecord> epochsAfter(String runId, int after) {
        return jdbi.withHandle(h -> h.createQuery("SELECT run_id, epoch, train_loss, valid_loss, valid_accuracy, seconds "
                        + "FROM run_epochs WHERE run_id = :id AND epoch > :after ORDER BY epoch")
                .bind("id", runId).bind("after", after)
                .map((rs, ctx) -> new EpochRecord(rs.getString(1), rs.getInt(2), nullable(rs, 3), nullable(rs, 4),
                        rs.getDouble(5), rs.getDouble(6)))
                .list());
    }

    /** The runs of a class, newest first. */
    public List<RunRecord> byClass(String classId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE class_id = :c ORDER BY created_at DESC")
                .bind("c", classId).map((rs, ctx) -> run(rs)).list());
    }

    /** The runs of one owner, newest first. */
    public List<RunRecord> byOwner(String owner) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE owner = :o ORDER BY created_at DESC")
                .bind("o", owner).map((rs, ctx) -> run(rs)).list());
    }

    /** Reads a row of {@link #COLUMNS}. */
    static RunRecord run(ResultSet rs) throws SQLException {
        RunSpec spec = new RunSpec(rs.getString("model"), rs.getInt("epochs"), rs.getDouble("lr"), rs.getInt("batch_size"),
                rs.getLong("seed"), rs.getString("backend"));
        return new RunRecord(rs.getString("id"), rs.getString("owner"), rs.getString("class_id"), spec, rs.getString("state"),
                rs.getString("backend_used"), nullable(rs, "final_accuracy"), rs.getString("message"),
                rs.getString("restarted_from"), rs.getLong("created_at"), nullableLong(rs, "started_at"),
                nullableLong(rs, "ended_at"), rs.getString("worker"));
    }

    private static Double nullable(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static Double nullable(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
