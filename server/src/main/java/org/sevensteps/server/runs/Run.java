package org.sevensteps.server.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.run.TrainedModel;
import org.sevensteps.server.store.EpochRecord;
import org.sevensteps.server.store.RunRecord;

/**
 * One run as the server holds it: its stored record, every event it emitted, and who is watching.
 * Runs of this server's life stream live; runs from the database (finished, or cut by a restart)
 * replay their stored epochs and their end.
 */
public final class Run {
    private volatile RunRecord record;
    private final boolean interactive;
    private final List<RunEvent> events = new ArrayList<>();
    private final List<Consumer<RunEvent>> watchers = new CopyOnWriteArrayList<>();
    private final AtomicInteger watching = new AtomicInteger();
    private volatile long lastWatchedAt = System.currentTimeMillis();
    private volatile String cancelReason;
    private volatile TrainedModel trained;
    // Pause and step: the worker blocks at the next batch boundary while paused, unless given a step.
    private final Object control = new Object();
    private boolean paused;
    private int stepPermits;

    Run(RunRecord record, boolean interactive) {
        this.record = record;
        this.interactive = interactive;
    }

    /** A run of an earlier server life, rebuilt from the database: its epochs, then how it ended. */
    static Run fromStore(RunRecord record, List<EpochRecord> epochs) {
        Run run = new Run(record, false);
        for (EpochRecord e : epochs) {
            run.append(RunEvent.epoch(e.epoch(), e.trainLoss(), e.validLoss(), e.validAccuracy(), e.seconds(),
                    record.backendUsed(), null));
        }
        switch (record.state()) {
            case "done" -> run.append(RunEvent.done(record.finalAccuracy() == null ? 0 : record.finalAccuracy(),
                    record.endedAt() != null && record.startedAt() != null ? (record.endedAt() - record.startedAt()) / 1000.0 : 0,
                    record.backendUsed()));
            case "failed" -> run.append(RunEvent.error(record.message()));
            default -> run.append(RunEvent.cancelled(record.message()));
        }
        return run;
    }

    public String id() { return record.id(); }
    public RunRecord record() { return record; }
    public String state() { return record.state(); }

    /** The model of a finished training run (kept while the run is in memory), or null. */
    public TrainedModel trained() { return trained; }

    void setTrained(TrainedModel model) {
        trained = model;
    }

    /** Runs started from a lesson page are reclaimed when nobody watches them any more. */
    boolean interactive() { return interactive; }

    void update(RunRecord r) {
        record = r;
    }

    /** Asks the run to stop at its next batch boundary (or not to start, when queued). */
    public void requestCancel(String reason) {
        if (cancelReason == null) cancelReason = reason;
        synchronized (control) {
            control.notifyAll(); // a paused run wakes up to stop
        }
    }

    boolean cancelRequested() {
        return cancelReason != null;
    }

    /** Holds the run at its next batch boundary until {@link #resume} or {@link #step}. */
    public void pause() {
        synchronized (control) {
            paused = true;
        }
    }

    /** Lets a paused run go on. */
    public void resume() {
        synchronized (control) {
            paused = false;
            control.notifyAll();
        }
    }

    /** Lets a paused run do one more batch, then hold again (pausing it first if it was running). */
    public void step() {
        synchronized (control) {
            paused = true;
            stepPermits++;
            control.notifyAll();
        }
    }

    /** Whether the run holds at batch boundaries. */
    public boolean paused() {
        synchronized (control) {
            return paused;
        }
    }

    /**
     * Called by the worker before each batch: returns at once unless paused; while paused, waits for
     * a resume, a step or a cancel. A run paused longer than {@code maxPauseMillis} is cancelled, so a
     * forgotten pause does not hold the class's engine.
     */
    void awaitTurn(long maxPauseMillis) {
        synchronized (control) {
            long since = System.currentTimeMillis();
            while (paused && stepPermits == 0 && cancelReason == null) {
                if (System.currentTimeMillis() - since > maxPauseMillis) {
                    requestCancel("Cancelled after " + maxPauseMillis / 1000 + " s on pause: other students need the engine.");
                    return;
                }
                try {
                    control.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (paused && stepPermits > 0) stepPermits--;
        }
    }

    String cancelReason() {
        return cancelReason;
    }

    /**
     * Numbers the event, keeps it, and hands it to every watcher. Watchers are called under the lock
     * that {@link #watch} holds while it replays the history, so each watcher sees every event once, in
     * order; a watcher must therefore only hand the event on (e.g. to a queue), never block.
     */
    void append(RunEvent event) {
        synchronized (events) {
            RunEvent numbered = event.withSeq(events.size());
            events.add(numbered);
            for (Consumer<RunEvent> w : watchers) w.accept(numbered);
        }
    }

    /**
     * Delivers every event after {@code afterSeq} to {@code watcher}, then every new one, without gap,
     * duplicate or change of order (a live event never overtakes the history).
     *
     * @return a handle that stops the live delivery
     */
    public AutoCloseable watch(long afterSeq, Consumer<RunEvent> watcher) {
        synchronized (events) {
            int from = (int) Math.min(events.size(), Math.max(0, afterSeq + 1));
            for (int i = from; i < events.size(); i++) watcher.accept(events.get(i));
            watchers.add(watcher);
        }
        watching.incrementAndGet();
        return () -> {
            if (watchers.remove(watcher)) {
                watching.decrementAndGet();
                lastWatchedAt = System.currentTimeMillis();
            }
        };
    }

    /** Milliseconds since somebody last watched, 0 while somebody does. */
    long unwatchedFor(long now) {
        return watching.get() > 0 ? 0 : now - lastWatchedAt;
    }

    /** A copy of the events so far. */
    public List<RunEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
