package org.sevensteps.server.runs;

import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.RunService;

/** The lesson pages' way into the run queue. */
public final class BrowserRunService implements RunService {
    private final RunQueue queue;
    private final Classroom classroom;
    private final String backend;

    public BrowserRunService(RunQueue queue, Classroom classroom, String backend) {
        this.queue = queue;
        this.classroom = classroom;
        this.backend = backend;
    }

    @Override
    public StartedRun start(RunSpec spec, Caller caller) {
        var who = classroom.resolve(caller.cookies()::get, caller.sessionId());
        RunQueue.Ticket t = queue.submit(spec, who, true, null);
        return new StartedRun(t.run().id(), t.position());
    }

    @Override
    public StartedRun startPaused(RunSpec spec, Caller caller) {
        var who = classroom.resolve(caller.cookies()::get, caller.sessionId());
        RunQueue.Ticket t = queue.submitPaused(spec, who, true);
        return new StartedRun(t.run().id(), t.position());
    }

    @Override
    public void control(String runId, Control action, Caller caller) {
        var who = classroom.resolve(caller.cookies()::get, caller.sessionId());
        Run run = queue.find(runId).filter(r -> classroom.canSee(who, r.record()))
                .orElseThrow(() -> new IllegalArgumentException("No run of yours has this id."));
        switch (action) {
            case PAUSE -> run.pause();
            case RESUME -> run.resume();
            case STEP -> run.step();
            case CANCEL -> queue.cancel(run, who.isTeacher() ? "Cancelled by the teacher." : "Cancelled.");
        }
    }

    @Override
    public java.util.Optional<String> state(String runId, Caller caller) {
        var who = classroom.resolve(caller.cookies()::get, caller.sessionId());
        return queue.find(runId).filter(r -> classroom.canSee(who, r.record())).map(Run::state);
    }

    @Override
    public java.util.Optional<Double> finalAccuracy(String runId, Caller caller) {
        var who = classroom.resolve(caller.cookies()::get, caller.sessionId());
        return queue.find(runId).filter(r -> classroom.canSee(who, r.record()))
                .map(r -> r.record().finalAccuracy());
    }

    @Override
    public String backendDescription() {
        return backend;
    }
}
