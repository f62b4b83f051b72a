package org.sevensteps.ui.ports;

import java.util.List;

/** Joining a class, and the teacher's view of their classes. Teacher-only methods refuse others. */
public interface ClassroomService {

    /**
     * Who the caller is.
     *
     * @param role {@code student}, {@code teacher} or {@code anonymous}
     * @param className the student's class, or null
     */
    record Me(String role, String name, String className) {}

    /** A new student: the cookie the browser must keep, and the class joined. */
    record Joined(String cookieName, String cookieSecret, String className) {}

    /** A class as its teacher sees it. */
    record ClassView(String id, String code, String name, int maxEpochs, int runsPerStudent, boolean cpuFallback) {}

    /** One row of the dashboard: a student and their runs. */
    record StudentRow(String name, String lesson, int queued, int running, int finished, Double bestAccuracy) {}

    /**
     * One run of the class.
     *
     * @param backend the backend that ran it ({@code cpu} or {@code tornado}), null before it started
     */
    record RunRow(String id, String student, String model, String state, Double accuracy, String message, long createdAt,
            String backend) {}

    Me me(Caller caller);

    /**
     * Joins the class with {@code code}.
     *
     * @throws IllegalArgumentException with a message for the student (wrong code, name taken...)
     */
    Joined join(Caller caller, String code, String displayName);

    /** Remembers the lesson a student has open. */
    void noteLesson(Caller caller, String lessonId);

    List<ClassView> classes(Caller teacher);

    ClassView createClass(Caller teacher, String name);

    void setLimits(Caller teacher, String classId, int maxEpochs, int runsPerStudent, boolean cpuFallback);

    List<StudentRow> students(Caller teacher, String classId);

    /** The class's runs, newest first. */
    List<RunRow> runs(Caller teacher, String classId);

    /** Cancels a run the caller may see. */
    void cancel(Caller caller, String runId);
}
