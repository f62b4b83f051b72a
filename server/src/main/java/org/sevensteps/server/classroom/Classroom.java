package org.sevensteps.server.classroom;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.sevensteps.server.store.ClassroomStore;
import org.sevensteps.server.store.ClassroomStore.ClassRecord;
import org.sevensteps.server.store.ClassroomStore.StudentRecord;
import org.sevensteps.server.store.RunRecord;

/**
 * Classes, joining and signing in, and the one rule of who sees what: a run is visible to its owner
 * and to the teacher of its class.
 */
public final class Classroom {
    /** Cookie that identifies a student who joined a class. */
    public static final String STUDENT_COOKIE = "ss_student";
    /** Cookie that identifies the signed-in teacher. */
    public static final String TEACHER_COOKIE = "ss_teacher";
    /** The teacher who hosts this server (the one who can read its console). */
    public static final String HOST_TEACHER = "host";

    static final int DEFAULT_MAX_EPOCHS = 20;
    static final int DEFAULT_RUNS_PER_STUDENT = 3;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._'-]{1,30}");

    private final ClassroomStore store;

    public Classroom(ClassroomStore store) {
        this.store = store;
    }

    /** A student's new identity: the record and the secret for their cookie. */
    public record Joined(StudentRecord student, ClassRecord klass, String secret) {}

    /**
     * Makes a fresh one-time sign-in secret for the host teacher (voiding any unused older one).
     *
     * @return the secret, to be shown only on the server's console, never logged
     */
    public String newSignInSecret() {
        long now = System.currentTimeMillis();
        store.voidSignInTokens(now);
        String secret = Tokens.secret();
        store.insertTeacherToken(Tokens.hash(secret), HOST_TEACHER, "signin", now);
        return secret;
    }

    /**
     * Exchanges a sign-in secret for a teacher session secret (for the cookie).
     *
     * @throws IllegalArgumentException when the link was used already or never existed
     */
    public String signIn(String signInSecret) {
        long now = System.currentTimeMillis();
        String teacher = store.consumeSignIn(Tokens.hash(signInSecret == null ? "" : signInSecret), now)
                .orElseThrow(() -> new IllegalArgumentException("This sign-in link is not valid (each link works once). "
                        + "Restart the server for a new one, or use the link it printed last."));
        String session = Tokens.secret();
        store.insertTeacherToken(Tokens.hash(session), teacher, "session", now);
        return session;
    }

    /** Creates a class for {@code teacher} with the default limits. */
    public ClassRecord createClass(Principal teacher, String name) {
        requireTeacher(teacher);
        String clean = name == null ? "" : name.strip();
        if (!NAME.matcher(clean).matches()) {
            throw new IllegalArgumentException("A class name has 1 to 30 letters, digits, spaces or . _ ' -");
        }
        ClassRecord c = new ClassRecord(Tokens.id(), Tokens.classCode(), clean, teacher.id(), DEFAULT_MAX_EPOCHS,
                DEFAULT_RUNS_PER_STUDENT, true, System.currentTimeMillis());
        store.insertClass(c);
        return c;
    }

    /** The classes of a teacher, oldest first. */
    public List<ClassRecord> classesOf(Principal teacher) {
        requireTeacher(teacher);
        return store.classesOf(teacher.id());
    }

    /** A class of {@code teacher}, or an error when it is someone else's or does not exist. */
    public ClassRecord ownClass(Principal teacher, String classId) {
        requireTeacher(teacher);
        return store.classById(classId).filter(c -> c.teacherId().equals(teacher.id()))
                .orElseThrow(() -> new NotAllowedException("No class of yours has this id."));
    }

    /** Changes a class's limits; values are checked against sensible ranges. */
    public void setLimits(Principal teacher, String classId, int maxEpochs, int runsPerStudent, boolean cpuFallback) {
        ownClass(teacher, classId);
        if (maxEpochs < 1 || maxEpochs > 100) throw new IllegalArgumentException("max epochs must be 1 to 100");
        if (runsPerStudent < 1 || runsPerStudent > 10) throw new IllegalArgumentException("runs per student must be 1 to 10");
        store.updateLimits(classId, maxEpochs, runsPerStudent, cpuFallback);
    }

    /**
     * Joins the class with {@code code} under {@code displayName}.
     *
     * @throws IllegalArgumentException with a message for the student: wrong code, bad or taken name
     */
    public Joined join(String code, String displayName) {
        String cleanCode = code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT);
        if (cleanCode.length() == 8 && !cleanCode.contains("-")) cleanCode = cleanCode.substring(0, 4) + "-" + cleanCode.substring(4);
        String shown = cleanCode.length() > 20 ? cleanCode.substring(0, 20) + "…" : cleanCode;
        ClassRecord c = store.classByCode(cleanCode).orElseThrow(() -> new IllegalArgumentException(
                "No class has the code '" + shown + "'. Check it with your teacher (it looks like K7PM-Q3XA)."));
        String name = displayName == null ? "" : displayName.strip();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A name has 1 to 30 letters, digits, spaces or . _ ' -");
        }
        if (store.studentByName(c.id(), name).isPresent()) {
            throw new IllegalArgumentException("Somebody in this class already uses the name '" + name + "'; pick another.");
        }
        String secret = Tokens.secret();
        StudentRecord s = new StudentRecord(Tokens.id(), c.id(), name, null, System.currentTimeMillis());
        store.insertStudent(s, Tokens.hash(secret));
        return new Joined(s, c, secret);
    }

    /**
     * Who sent a request: the teacher or student named by a cookie, else an anonymous visitor known
     * by the browser session.
     *
     * @param cookie the value of a cookie, or null
     */
    public Principal resolve(Function<String, String> cookie, String sessionId) {
        String teacher = cookie.apply(TEACHER_COOKIE);
        if (teacher != null) {
            Optional<String> id = store.teacherBySession(Tokens.hash(teacher));
            if (id.isPresent()) return new Principal(Principal.Kind.TEACHER, id.get(), null, "Teacher");
        }
        String student = cookie.apply(STUDENT_COOKIE);
        if (student != null) {
            Optional<StudentRecord> s = store.studentByTokenHash(Tokens.hash(student));
            if (s.isPresent()) return new Principal(Principal.Kind.STUDENT, s.get().id(), s.get().classId(), s.get().displayName());
        }
        return Principal.anonymous(sessionId);
    }

    /** Whether {@code who} may see (and cancel) {@code run}. */
    public boolean canSee(Principal who, RunRecord run) {
        if (run.owner().equals(who.ownerKey())) return true;
        return who.isTeacher() && run.classId() != null
                && store.classById(run.classId()).map(c -> c.teacherId().equals(who.id())).orElse(false);
    }

    /** The class of a student, for its limits. */
    public Optional<ClassRecord> classOf(Principal who) {
        return who.classId() == null ? Optional.empty() : store.classById(who.classId());
    }

    /** Remembers which lesson a student has open, for the teacher's dashboard. */
    public void noteLesson(Principal who, String lesson) {
        if (who.kind() == Principal.Kind.STUDENT) store.setLastLesson(who.id(), lesson);
    }

    /** The students of a teacher's class. */
    public List<StudentRecord> students(Principal teacher, String classId) {
        ownClass(teacher, classId);
        return store.studentsOf(classId);
    }

    private static void requireTeacher(Principal p) {
        if (!p.isTeacher()) throw new NotAllowedException("Only the teacher can do this; sign in with the link the server printed.");
    }

    /** The principal may not do this: becomes 403. */
    public static final class NotAllowedException extends RuntimeException {
        public NotAllowedException(String message) {
            super(message);
        }
    }
}
