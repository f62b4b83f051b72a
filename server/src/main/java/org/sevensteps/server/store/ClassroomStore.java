package org.sevensteps.server.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Classes, the students who joined them, and the teacher's sign-in tokens (stored as hashes only). */
public final class ClassroomStore {
    /**
     * A class.
     *
     * @param code what students type to join (short, unambiguous letters and digits)
     * @param maxEpochs the most epochs one run of this class may ask for
     * @param runsPerStudent runs one student may have waiting or running at once
     * @param cpuFallback whether runs may go to the CPU while the device is busy
     */
    public record ClassRecord(String id, String code, String name, String teacherId, int maxEpochs, int runsPerStudent,
            boolean cpuFallback, long createdAt) {}

    /** A student of a class. */
    public record StudentRecord(String id, String classId, String displayName, String lastLesson, long createdAt) {}

    private final Jdbi jdbi;

    public ClassroomStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public void insertClass(ClassRecord c) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO classes (id, code, name, teacher_id, max_epochs, runs_per_student, "
                        + "cpu_fallback, created_at) VALUES (:id, :code, :name, :teacherId, :maxEpochs, :runsPerStudent, "
                        + ":fallback, :createdAt)")
                .bindMethods(c).bind("fallback", c.cpuFallback() ? 1 : 0).execute());
    }

    public void updateLimits(String classId, int maxEpochs, int runsPerStudent, boolean cpuFallback) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE classes SET max_epochs = :m, runs_per_student = :r, cpu_fallback = :f WHERE id = :id")
                .bind("id", classId).bind("m", maxEpochs).bind("r", runsPerStudent).bind("f", cpuFallback ? 1 : 0).execute());
    }

    public Optional<ClassRecord> classById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM classes WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> klass(rs)).findOne());
    }

    public Optional<ClassRecord> classByCode(String code) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM classes WHERE code = :c").bind("c", code)
                .map((rs, ctx) -> klass(rs)).findOne());
    }

    public List<ClassRecord> classesOf(String teacherId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM classes WHERE teacher_id = :t ORDER BY created_at")
                .bind("t", teacherId).map((rs, ctx) -> klass(rs)).list());
    }

    public void insertStudent(StudentRecord s, String tokenHash) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO students (id, class_id, display_name, token_hash, last_lesson, created_at) "
                        + "VALUES (:id, :classId, :displayName, :hash, NULL, :createdAt)")
                .bindMethods(s).bind("hash", tokenHash).execute());
    }

    public Optional<StudentRecord> studentByTokenHash(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM students WHERE token_hash = :h").bind("h", hash)
                .map((rs, ctx) -> student(rs)).findOne());
    }

    public Optional<StudentRecord> studentByName(String classId, String displayName) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM students WHERE class_id = :c AND display_name = :n")
                .bind("c", classId).bind("n", displayName).map((rs, ctx) -> student(rs)).findOne());
    }

    public List<StudentRecord> studentsOf(String classId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM students WHERE class_id = :c ORDER BY display_name")
                .bind("c", classId).map((rs, ctx) -> student(rs)).list());
    }

    public void setLastLesson(String studentId, String lesson) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE students SET last_lesson = :l WHERE id = :id")
                .bind("id", studentId).bind("l", lesson).execute());
    }

    public void insertTeacherToken(String hash, String teacherId, String kind, long at) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO teacher_tokens (token_hash, teacher_id, kind, created_at) "
                        + "VALUES (:h, :t, :k, :at)")
                .bind("h", hash).bind("t", teacherId).bind("k", kind).bind("at", at).execute());
    }

    /** Voids every sign-in link not used yet (a new one is printed at each start). */
    public void voidSignInTokens(long at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE teacher_tokens SET used_at = :at WHERE kind = 'signin' AND used_at IS NULL")
                .bind("at", at).execute());
    }

    /** Uses up a one-time sign-in token: the teacher id when it was valid and unused, else empty. */
    public Optional<String> consumeSignIn(String hash, long at) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE teacher_tokens SET used_at = :at WHERE token_hash = :h AND kind = 'signin' "
                    + "AND used_at IS NULL").bind("h", hash).bind("at", at).execute();
            if (n != 1) return Optional.<String>empty();
            return h.createQuery("SELECT teacher_id FROM teacher_tokens WHERE token_hash = :h").bind("h", hash)
                    .mapTo(String.class).findOne();
        });
    }

    /** The teacher a session token belongs to. */
    public Optional<String> teacherBySession(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT teacher_id FROM teacher_tokens WHERE token_hash = :h AND kind = 'session'")
                .bind("h", hash).mapTo(String.class).findOne());
    }

    private static ClassRecord klass(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ClassRecord(rs.getString("id"), rs.getString("code"), rs.getString("name"), rs.getString("teacher_id"),
                rs.getInt("max_epochs"), rs.getInt("runs_per_student"), rs.getInt("cpu_fallback") != 0, rs.getLong("created_at"));
    }

    private static StudentRecord student(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StudentRecord(rs.getString("id"), rs.getString("class_id"), rs.getString("display_name"),
                rs.getString("last_lesson"), rs.getLong("created_at"));
    }
}
