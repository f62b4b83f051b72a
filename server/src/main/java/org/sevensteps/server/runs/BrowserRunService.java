package org.sevensteps.server.runs;

import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.ui.ports.RunService;

/** The views' way into the run queue. */
public final class BrowserRunService implements RunService {
    private final RunQueue queue;
    private final String backend;

    public BrowserRunService(RunQueue queue, String backend) {
        this.queue = queue;
        this.backend = backend;
    }

    @Override
    public StartedRun start(RunSpec spec, String sessionId) {
        RunQueue.Ticket t = queue.submit(spec, sessionId);
        return new StartedRun(t.run().id(), t.position());
    }

    @Override
    public String backendDescription() {
        return backend;
    }
}
