package org.sevensteps.server.store;

import org.sevensteps.lessons.spec.RunSpec;

/**
 * A run as stored.
 *
 * @param owner {@code student:<id>} for a student who joined a class, {@code session:<id>} otherwise
 * @param classId the owner's class, or null
 * @param state {@code queued running done failed cancelled interrupted}
 * @param backendUsed the backend that ran it ({@code cpu} or {@code tornado}), once it started
 * @param finalAccuracy the validation accuracy it ended with, when done
 * @param message why it failed or was cancelled; for a run that went to the CPU instead of the
 *     device, why it did
 * @param restartedFrom the run this one repeats with the same spec, or null
 * @param worker the server instance that claimed it, or null while it waits
 */
public record RunRecord(String id, String owner, String classId, RunSpec spec, String state, String backendUsed,
        Double finalAccuracy, String message, String restartedFrom, long createdAt, Long startedAt, Long endedAt,
        String worker) {

    /** A run about to be queued. */
    public static RunRecord queued(String id, String owner, String classId, RunSpec spec, String restartedFrom, long at) {
        return new RunRecord(id, owner, classId, spec, "queued", null, null, null, restartedFrom, at, null, null, null);
    }

    /** True while the run waits or works. */
    public boolean active() {
        return state.equals("queued") || state.equals("running");
    }
}
