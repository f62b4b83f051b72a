package org.sevensteps.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.sevensteps.lessons.spec.RunSpec;

/** Runs and their per-epoch metrics: written as they happen, so a restart loses no finished epoch. */
public final class RunStore {
    private static final String COLUMNS = "id, owner, class_id, model, epochs, lr, batch_size, seed, backend, state, "
            + "backend_used, final_accuracy, message, restarted_from, created_at, started_at, ended_at";

    private final Jdbi jdbi;

    public RunStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public void insert(RunRecord r) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO runs (" + COLUMNS + ") VALUES (:id, :owner, :classId, :model, "
                        + ":epochs, :lr, :batchSize, :seed, :backend, :state, NULL, NULL, NULL, :restartedFrom, :createdAt, NULL, NULL)")
                .bind("id", r.id()).bind("owner", r.owner()).bind("classId", r.classId())
                .bind("model", r.spec().model()).bind("epochs", r.spec().epochs()).bind("lr", r.spec().lr())
                .bind("batchSize", r.spec().batchSize()).bind("seed", r.spec().seed()).bind("backend", r.spec().backend())
                .bind("state", r.state()).bind("restartedFrom", r.restartedFrom()).bind("createdAt", r.createdAt())
                .execute());
    }

    public void markStarted(String id, String backendUsed, long at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET state = 'running', backend_used = :b, started_at = :at WHERE id = :id")
                .bind("id", id).bind("b", backendUsed).bind("at", at).execute());
    }

    /** Records how a run ended: {@code done} with its accuracy, or {@code failed}/{@code cancelled} with a message. */
    public void markEnded(String id, String state, Double finalAccuracy, String message, long at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET state = :s, final_accuracy = :acc, message = :m, ended_at = :at "
                        + "WHERE id = :id")
                .bind("id", id).bind("s", state).bind("acc", finalAccuracy).bind("m", message).bind("at", at).execute());
    }

    /** Marks every run a previous server life left queued or running as interrupted; returns how many. */
    public int interruptLeftovers(long at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE runs SET state = 'interrupted', ended_at = :at, "
                        + "message = 'The server stopped before this run finished; restart it to run it again with the same seed.' "
                        + "WHERE state IN ('queued', 'running')")
                .bind("at", at).execute());
    }

    public void addEpoch(EpochRecord e) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO run_epochs (run_id, epoch, train_loss, valid_loss, valid_accuracy, seconds) "
                        + "VALUES (:runId, :epoch, :trainLoss, :validLoss, :validAccuracy, :seconds)")
                .bindMethods(e).execute());
    }

    public Optional<RunRecord> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> run(rs)).findOne());
    }

    public List<EpochRecord> epochs(String runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT run_id, epoch, train_loss, valid_loss, valid_accuracy, seconds "
                        + "FROM run_epochs WHERE run_id = :id ORDER BY epoch")
                .bind("id", runId)
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

    private static RunRecord run(ResultSet rs) throws SQLException {
        RunSpec spec = new RunSpec(rs.getString("model"), rs.getInt("epochs"), rs.getDouble("lr"), rs.getInt("batch_size"),
                rs.getLong("seed"), rs.getString("backend"));
        return new RunRecord(rs.getString("id"), rs.getString("owner"), rs.getString("class_id"), spec, rs.getString("state"),
                rs.getString("backend_used"), nullable(rs, "final_accuracy"), rs.getString("message"),
                rs.getString("restarted_from"), rs.getLong("created_at"), nullableLong(rs, "started_at"),
                nullableLong(rs, "ended_at"));
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
