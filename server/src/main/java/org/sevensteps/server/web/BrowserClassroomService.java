package org.sevensteps.server.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.server.classroom.Principal;
import org.sevensteps.server.runs.Run;
import org.sevensteps.server.runs.RunQueue;
import org.sevensteps.server.store.ClassroomStore.ClassRecord;
import org.sevensteps.server.store.ClassroomStore.StudentRecord;
import org.sevensteps.server.store.RunRecord;
import org.sevensteps.server.store.RunStore;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.ClassroomService;

/** The views' way into the classroom: every call resolves the caller first and checks their rights. */
final class BrowserClassroomService implements ClassroomService {
    private final Classroom classroom;
    private final RunStore runs;
    private final RunQueue queue;

    BrowserClassroomService(Classroom classroom, RunStore runs, RunQueue queue) {
        this.classroom = classroom;
        this.runs = runs;
        this.queue = queue;
    }

    private Principal who(Caller c) {
        return classroom.resolve(c.cookies()::get, c.sessionId());
    }

    @Override
    public Me me(Caller caller) {
        Principal p = who(caller);
        return new Me(p.kind().name().toLowerCase(), p.displayName(), classroom.classOf(p).map(ClassRecord::name).orElse(null));
    }

    @Override
    public Joined join(Caller caller, String code, String displayName) {
        Classroom.Joined j = classroom.join(code, displayName);
        return new Joined(Classroom.STUDENT_COOKIE, j.secret(), j.klass().name());
    }

    @Override
    public void noteLesson(Caller caller, String lessonId) {
        classroom.noteLesson(who(caller), lessonId);
    }

    @Override
    public List<ClassView> classes(Caller teacher) {
        return classroom.classesOf(who(teacher)).stream().map(BrowserClassroomService::view).toList();
    }

    @Override
    public ClassView createClass(Caller teacher, String name) {
        return view(classroom.createClass(who(teacher), name));
    }

    @Override
    public void setLimits(Caller teacher, String classId, int maxEpochs, int runsPerStudent, boolean cpuFallback) {
        classroom.setLimits(who(teacher), classId, maxEpochs, runsPerStudent, cpuFallback);
    }

    @Override
    public List<StudentRow> students(Caller teacher, String classId) {
        List<StudentRecord> students = classroom.students(who(teacher), classId);
        List<RunRecord> all = runs.byClass(classId);
        return students.stream().map(s -> {
            List<RunRecord> mine = all.stream().filter(r -> r.owner().equals("student:" + s.id())).toList();
            int queued = (int) mine.stream().filter(r -> r.state().equals("queued")).count();
            int running = (int) mine.stream().filter(r -> r.state().equals("running")).count();
            Double best = mine.stream().map(RunRecord::finalAccuracy).filter(a -> a != null).max(Double::compare).orElse(null);
            return new StudentRow(s.displayName(), s.lastLesson(), queued, running, mine.size() - queued - running, best);
        }).toList();
    }

    @Override
    public List<RunRow> runs(Caller teacher, String classId) {
        Map<String, String> names = new HashMap<>();
        for (StudentRecord s : classroom.students(who(teacher), classId)) names.put("student:" + s.id(), s.displayName());
        return runs.byClass(classId).stream()
                .map(r -> new RunRow(r.id(), names.getOrDefault(r.owner(), "?"), r.spec().model(), r.state(),
                        r.finalAccuracy(), r.message(), r.createdAt(), r.backendUsed()))
                .toList();
    }

    @Override
    public void cancel(Caller caller, String runId) {
        Principal p = who(caller);
        Run run = queue.find(runId).orElseThrow(() -> new IllegalArgumentException("No run with this id."));
        if (!classroom.canSee(p, run.record())) throw new Classroom.NotAllowedException("This run belongs to somebody else.");
        queue.cancel(run, p.isTeacher() ? "Cancelled by the teacher." : "Cancelled.");
    }

    private static ClassView view(ClassRecord c) {
        return new ClassView(c.id(), c.code(), c.name(), c.maxEpochs(), c.runsPerStudent(), c.cpuFallback());
    }
}
