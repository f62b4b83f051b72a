package org.sevensteps.server.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.sevensteps.lessons.run.RunEvent;
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

    /** Runs started from a lesson page are reclaimed when nobody watches them any more. */
    boolean interactive() { return interactive; }

    void update(RunRecord r) {
        record = r;
    }

    /** Asks the run to stop at its next batch boundary (or not to start, when queued). */
    public void requestCancel(String reason) {
        if (cancelReason == null) cancelReason = reason;
    }

    boolean cancelRequested() {
        return cancelReason != null;
    }

    String cancelReason() {
        return cancelReason;
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
            int from = (int) Math.min(events.size(), Math.max(0, afterSeq + 1));
            history = List.copyOf(events.subList(from, events.size()));
            watchers.add(watcher);
        }
        watching.incrementAndGet();
        history.forEach(watcher);
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
