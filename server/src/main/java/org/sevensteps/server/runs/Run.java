package org.sevensteps.server.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;

/** One run: its spec, its owner, its state, and every event it has emitted so far. */
public final class Run {
    /** Where a run is in its life. */
    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    private final String id;
    private final RunSpec spec;
    private final String ownerSession;
    private final Instant created = Instant.now();
    private final List<RunEvent> events = new ArrayList<>();
    private final List<Consumer<RunEvent>> watchers = new CopyOnWriteArrayList<>();
    private volatile State state = State.QUEUED;
    private volatile boolean cancelRequested;

    Run(String id, RunSpec spec, String ownerSession) {
        this.id = id;
        this.spec = spec;
        this.ownerSession = ownerSession;
    }

    public String id() { return id; }
    public RunSpec spec() { return spec; }
    public State state() { return state; }
    public Instant created() { return created; }

    /** Whether the browser session {@code sessionId} may see this run. */
    public boolean visibleTo(String sessionId) {
        return ownerSession.equals(sessionId);
    }

    /** Asks the run to stop at its next batch boundary (or not to start, when queued). */
    public void requestCancel() {
        cancelRequested = true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void setState(State s) {
        state = s;
    }

    /** Numbers the event, keeps it, and hands it to every watcher. */
    void append(RunEvent event) {
        RunEvent numbered;
        synchronized (events) {
            numbered = event.withSeq(events.size());
            events.add(numbered);
        }
        for (Consumer<RunEvent> w : watchers) w.accept(numbered);
    }

    /**
     * Delivers every event after {@code afterSeq} to {@code watcher}, then every new one, without gap
     * or duplicate.
     *
     * @return a handle that stops the live delivery
     */
    public AutoCloseable watch(long afterSeq, Consumer<RunEvent> watcher) {
        List<RunEvent> history;
        synchronized (events) {
            // Registering under the lock means no event can slip between the history and the live feed.
            history = List.copyOf(events.subList((int) Math.min(events.size(), Math.max(0, afterSeq + 1)), events.size()));
            watchers.add(watcher);
        }
        history.forEach(watcher);
        return () -> watchers.remove(watcher);
    }

    /** A copy of the events so far. */
    public List<RunEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
