package org.sevensteps.server.classroom;

/**
 * Who is asking.
 *
 * @param kind student, teacher or anonymous visitor
 * @param id the student's or teacher's id, or the browser session's id for a visitor
 * @param classId the student's class (null for others)
 * @param displayName what the student called themselves, "Teacher", or "Visitor"
 */
public record Principal(Kind kind, String id, String classId, String displayName) {
    public enum Kind { STUDENT, TEACHER, ANONYMOUS }

    public static Principal anonymous(String sessionId) {
        return new Principal(Kind.ANONYMOUS, sessionId, null, "Visitor");
    }

    /** The owner key stored with this principal's runs. */
    public String ownerKey() {
        return switch (kind) {
            case STUDENT -> "student:" + id;
            case TEACHER -> "teacher:" + id;
            case ANONYMOUS -> "session:" + id;
        };
    }

    public boolean isTeacher() {
        return kind == Kind.TEACHER;
    }
}
