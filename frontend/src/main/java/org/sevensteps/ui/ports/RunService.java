package org.sevensteps.ui.ports;

import org.sevensteps.lessons.spec.RunSpec;

/** Starts runs for the browser; their progress then streams over {@code /ws/runs/{id}}. */
public interface RunService {

    /**
     * Queues a run for {@code caller} (a student of a class, the teacher, or a visitor).
     *
     * @throws IllegalArgumentException with a message for the student when the spec is out of range,
     *     over the class's limits, or submitted too fast
     */
    StartedRun start(RunSpec spec, Caller caller);

    /** Like {@link #start}, but the run holds before its first batch, ready for {@link #control} steps. */
    StartedRun startPaused(RunSpec spec, Caller caller);

    /** What a student can do to a run of theirs. */
    enum Control { PAUSE, RESUME, STEP, CANCEL }

    /**
     * Pauses, resumes, advances by one batch or cancels a run the caller may see.
     *
     * @throws IllegalArgumentException when there is no such run or it belongs to somebody else
     */
    void control(String runId, Control action, Caller caller);

    /**
     * The state of a run the caller may see ({@code queued}, {@code running}, {@code done},
     * {@code cancelled}, {@code failed}, {@code interrupted}); empty when there is no such run or it
     * belongs to somebody else.
     */
    java.util.Optional<String> state(String runId, Caller caller);

    /** The validation accuracy a finished run of the caller's reached, if it finished. */
    java.util.Optional<Double> finalAccuracy(String runId, Caller caller);

    /** Which backend runs execute on and why, e.g. "CPU, 2 threads (TornadoVM runtime not present)". */
    String backendDescription();

    /**
     * The caller's runs of {@code model}, newest first, at most {@code limit}: waiting, running (paused
     * or not) and ended, from the database, so they outlive the page, the browser session of a student
     * who joined a class, and a restart of the server.
     */
    java.util.List<RunSummary> runs(Caller caller, String model, int limit);

    /**
     * Queues an ended run of the caller's again, same spec and seed (an interrupted run, typically).
     *
     * @throws IllegalArgumentException when there is no such run, it is somebody else's, or it has not ended
     */
    StartedRun restart(String runId, Caller caller);

    /**
     * A run as the student's table of runs shows it.
     *
     * @param state {@code queued}, {@code running}, {@code done}, {@code failed}, {@code cancelled} or
     *     {@code interrupted}
     * @param paused whether a queued or running run holds between batches (Pause, or Step one batch)
     * @param epochsDone the epochs it finished (stored), of {@code spec.epochs()}
     * @param accuracy the final validation accuracy when done, else that of its last finished epoch (null: none)
     * @param backend the backend that ran it ({@code cpu} or {@code tornado}), null if it never started
     */
    record RunSummary(String id, RunSpec spec, String state, boolean paused, int epochsDone, Double accuracy, String backend) {
        /** Whether the run waits or works (paused or not). */
        public boolean active() {
            return state.equals("queued") || state.equals("running");
        }
    }

    /**
     * A run that was accepted.
     *
     * @param id the run id, for {@code /ws/runs/{id}} and {@code /api/runs/{id}}
     * @param queuePosition runs ahead of it in the queue (0: starts now)
     */
    record StartedRun(String id, int queuePosition) {}
}
