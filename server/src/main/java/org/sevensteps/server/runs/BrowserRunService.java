package org.sevensteps.server.runs;

import java.util.List;
import java.util.Optional;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.server.classroom.Principal;
import org.sevensteps.server.store.EpochRecord;
import org.sevensteps.server.store.RunRecord;
import org.sevensteps.server.store.RunStore;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.RunService;

/** The lesson pages' way into the run queue. */
public final class BrowserRunService implements RunService {
    private final RunQueue queue;
    private final RunStore runs;
    private final Classroom classroom;
    private final String backend;

    public BrowserRunService(RunQueue queue, RunStore runs, Classroom classroom, String backend) {
        this.queue = queue;
        this.runs = runs;
        this.classroom = classroom;
        this.backend = backend;
    }

    private Principal who(Caller caller) {
        return classroom.resolve(caller.cookies()::get, caller.sessionId());
    }

    @Override
    public StartedRun start(RunSpec spec, Caller caller) {
        RunQueue.Ticket t = queue.submit(spec, who(caller), true, null);
        return new StartedRun(t.run().id(), t.position());
    }

    @Override
    public StartedRun startPaused(RunSpec spec, Caller caller) {
        RunQueue.Ticket t = queue.submitPaused(spec, who(caller), true);
        return new StartedRun(t.run().id(), t.position());
    }

    @Override
    public void control(String runId, Control action, Caller caller) {
        Principal who = who(caller);
        Run run = visible(runId, who);
        switch (action) {
            case PAUSE -> queue.control(run, RunQueue.Action.PAUSE);
            case RESUME -> queue.control(run, RunQueue.Action.RESUME);
            case STEP -> queue.control(run, RunQueue.Action.STEP);
            case CANCEL -> queue.cancel(run, who.isTeacher() ? "Cancelled by the teacher." : "Cancelled.");
        }
    }

    @Override
    public Optional<String> state(String runId, Caller caller) {
        Principal who = who(caller);
        return queue.find(runId).filter(r -> classroom.canSee(who, r.record())).map(Run::state);
    }

    @Override
    public Optional<Double> finalAccuracy(String runId, Caller caller) {
        Principal who = who(caller);
        return queue.find(runId).filter(r -> classroom.canSee(who, r.record())).map(r -> r.record().finalAccuracy());
    }

    @Override
    public String backendDescription() {
        return backend;
    }

    @Override
    public List<RunSummary> runs(Caller caller, String model, int limit) {
        return runs.byOwner(who(caller).ownerKey()).stream()
                .filter(r -> r.spec().model().equals(model))
                .limit(limit)
                .map(this::summary)
                .toList();
    }

    @Override
    public StartedRun restart(String runId, Caller caller) {
        Principal who = who(caller);
        Run old = visible(runId, who);
        if (runs.find(runId).map(RunRecord::active).orElse(true)) throw new IllegalArgumentException("This run has not ended yet.");
        RunQueue.Ticket t = queue.restart(old, who);
        return new StartedRun(t.run().id(), t.position());
    }

    private Run visible(String runId, Principal who) {
        return queue.find(runId).filter(r -> classroom.canSee(who, r.record()))
                .orElseThrow(() -> new IllegalArgumentException("No run of yours has this id."));
    }

    private RunSummary summary(RunRecord r) {
        List<EpochRecord> epochs = runs.epochs(r.id());
        Double accuracy = r.finalAccuracy() != null ? r.finalAccuracy() : epochs.isEmpty() ? null : epochs.getLast().validAccuracy();
        return new RunSummary(r.id(), r.spec(), r.state(), r.active() && queue.paused(r.id()), epochs.size(), accuracy,
                r.backendUsed());
    }
}
