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
 * One run as this instance holds it: its record, every event it emitted here, and who is watching.
 *
 * <p>A run executing on this instance streams every event live (batches, snapshots, epochs, the end).
 * A run waiting in the queue or executing on another instance is <em>followed</em>: its queue position,
 * its stored epochs and its end come from the database (see {@link Follower}), batches and snapshots
 * do not. A finished run of an earlier server life is rebuilt from the database with {@link #fromStore}.
 */
public final class Run {
    private volatile RunRecord record;
    private final List<RunEvent> events = new ArrayList<>();
    private final List<Consumer<RunEvent>> watchers = new CopyOnWriteArrayList<>();
    private final AtomicInteger watching = new AtomicInteger();
    private volatile String cancelReason;
    private volatile TrainedModel trained;
    private volatile boolean executingHere;
    private boolean ended; // guarded by events
    private int lastPosition = -1; // guarded by events: the position last sent in a queued event
    private int epochsSeen; // guarded by events: the last epoch sent
    // Pause and step: the worker blocks at the next batch boundary while paused, unless given a step.
    private final Object control = new Object();
    private boolean paused;
    private int stepPermits;
    private int stepsGranted; // steps granted in all, as counted in the database
    private long controlsSet; // guarded by control: flags set on this instance, in all
    private long controlsStored; // guarded by control: how many of them are written to the database

    Run(RunRecord record) {
        this.record = record;
    }

    /** A finished run rebuilt from the database: its epochs, then how it ended. */
    static Run fromStore(RunRecord record, List<EpochRecord> epochs) {
        Run run = new Run(record);
        for (EpochRecord e : epochs) run.append(epochEvent(e, record.backendUsed()));
        run.append(endEvent(record));
        return run;
    }

    /** The {@code epoch} event of a stored epoch. */
    static RunEvent epochEvent(EpochRecord e, String backend) {
        return RunEvent.epoch(e.epoch(), e.trainLoss(), e.validLoss(), e.validAccuracy(), e.seconds(), backend, null);
    }

    /** The final event of a stored run that ended. */
    static RunEvent endEvent(RunRecord r) {
        return switch (r.state()) {
            case "done" -> RunEvent.done(r.finalAccuracy() == null ? 0 : r.finalAccuracy(),
                    r.endedAt() != null && r.startedAt() != null ? (r.endedAt() - r.startedAt()) / 1000.0 : 0, r.backendUsed());
            case "failed" -> RunEvent.error(r.message());
            default -> RunEvent.cancelled(r.message());
        };
    }

    public String id() { return record.id(); }
    public RunRecord record() { return record; }
    public String state() { return record.state(); }

    /** The model of a finished training run (kept while the run is in memory), or null. */
    public TrainedModel trained() { return trained; }

    void setTrained(TrainedModel model) {
        trained = model;
    }

    void update(RunRecord r) {
        record = r;
    }

    /** Takes the row as the database has it, unless this instance executes the run. */
    void updateFollowed(RunRecord r) {
        synchronized (events) {
            if (!executingHere) record = r;
        }
    }

    /** True once this instance claimed the run: from then on its events come from the engine, not the database. */
    boolean executingHere() {
        return executingHere;
    }

    void markExecutingHere() {
        synchronized (events) {
            executingHere = true;
        }
    }

    /** Asks the run to stop at its next batch boundary (it must execute here to hear it). */
    void requestCancel(String reason) {
        if (cancelReason == null) cancelReason = reason;
        synchronized (control) {
            control.notifyAll(); // a paused run wakes up to stop
        }
    }

    boolean cancelRequested() {
        return cancelReason != null;
    }

    String cancelReason() {
        return cancelReason;
    }

    /**
     * Pauses, resumes or steps the run at once, from this instance: the worker holds (or goes on) at
     * its next batch without waiting for the database. The caller writes the same flag to the run's row
     * and then calls {@link #controlStored}; until then, flags read from the database are older than
     * this one and {@link #applyStored} ignores them.
     *
     * @return whether the run is paused now
     */
    boolean controlHere(RunQueue.Action action) {
        synchronized (control) {
            controlsSet++;
            switch (action) {
                case PAUSE -> paused = true;
                case RESUME -> paused = false;
                case STEP -> {
                    paused = true;
                    stepPermits++;
                    stepsGranted++; // the row's counter gets the same +1
                }
            }
            control.notifyAll();
            return paused;
        }
    }

    /** The flags set here so far are in the database (or failed to get there: the database decides again). */
    void controlStored(long upTo) {
        synchronized (control) {
            controlsStored = Math.max(controlsStored, upTo);
        }
    }

    /** How many flags were set here so far: pass it to {@link #controlStored} once they are written. */
    long controlsSet() {
        synchronized (control) {
            return controlsSet;
        }
    }

    /**
     * Read before the flags are read from the database, and given back to {@link #applyStored}: says
     * whether what is read can be newer than what was set here. -1 while a flag set here is not
     * written yet.
     */
    long storedControlToken() {
        synchronized (control) {
            return controlsStored == controlsSet ? controlsSet : -1;
        }
    }

    /** Whether the run holds between batches (paused; it goes on one Step at a time). */
    boolean paused() {
        synchronized (control) {
            return paused;
        }
    }

    /**
     * Takes the pause and step flags as the database has them, read after {@code token} was taken
     * from {@link #storedControlToken}; ignored when a flag was set here since, or was not written
     * yet when they were read (the read is older than what this instance knows).
     */
    void applyStored(boolean paused, int steps, long token) {
        synchronized (control) {
            if (token < 0 || token != controlsSet) return;
            applyControl(paused, steps);
        }
    }

    /**
     * Takes the pause and step flags as the database has them: {@code steps} counts every step ever
     * granted, so a flag read twice grants nothing twice.
     */
    private void applyControl(boolean paused, int steps) {
        synchronized (control) {
            this.paused = paused;
            if (steps > stepsGranted) {
                stepPermits += steps - stepsGranted;
                stepsGranted = steps;
            }
            control.notifyAll();
        }
    }

    /**
     * Called by the worker before each training batch: returns at once unless paused; while paused, waits for
     * a resume, a step or a cancel. A run paused longer than {@code maxPauseMillis} is cancelled, so a
     * forgotten pause does not hold the engine.
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

    /**
     * Numbers the event, keeps it, and hands it to every watcher; nothing after a final event.
     * Watchers are called under the lock (they only queue the event), so they see the events in order
     * whichever thread appends.
     */
    void append(RunEvent event) {
        synchronized (events) {
            if (ended) return;
            ended = event.isFinal();
            if (event.type().equals("epoch")) epochsSeen = Math.max(epochsSeen, event.epoch());
            RunEvent numbered = event.withSeq(events.size());
            events.add(numbered);
            for (Consumer<RunEvent> w : watchers) w.accept(numbered);
        }
    }

    /** Appends an event learnt from the database, unless this instance executes the run (then the engine reports). */
    void appendFollowed(RunEvent event) {
        synchronized (events) {
            if (executingHere) return;
            if (event.type().equals("epoch") && event.epoch() <= epochsSeen) return; // two followers read the same epoch
            append(event); // re-entrant: the lock is held, so the engine cannot start in between
        }
    }

    /** Sends a {@code queued} event when the position changed since the last one. */
    void position(int position) {
        synchronized (events) {
            if (position == lastPosition || ended) return;
            lastPosition = position;
            append(RunEvent.queued(position));
        }
    }

    /** The last epoch this run reported. */
    int epochsSeen() {
        synchronized (events) {
            return epochsSeen;
        }
    }

    /** Whether the final event was sent. */
    boolean ended() {
        synchronized (events) {
            return ended;
        }
    }

    /** The seq of the last event, -1 before the first. */
    public long lastSeq() {
        synchronized (events) {
            return events.size() - 1;
        }
    }

    /**
     * Delivers every event after {@code afterSeq} to {@code watcher}, then every new one, without gap
     * or duplicate. The watcher must not block: it is called while the run's events are locked.
     *
     * @return a handle that stops the live delivery
     */
    public AutoCloseable watch(long afterSeq, Consumer<RunEvent> watcher) {
        synchronized (events) {
            // History and registration under the lock: no event can slip between the history and the live feed.
            int from = (int) Math.min(events.size(), Math.max(0, afterSeq + 1));
            events.subList(from, events.size()).forEach(watcher);
            watchers.add(watcher);
        }
        watching.incrementAndGet();
        return () -> {
            if (watchers.remove(watcher)) watching.decrementAndGet();
        };
    }

    /** Whether a socket of this instance watches the run now. */
    boolean watched() {
        return watching.get() > 0;
    }

    /** A copy of the events so far. */
    public List<RunEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
