package org.sevensteps.server.runs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.server.store.EpochRecord;
import org.sevensteps.server.store.QueueStore.Control;
import org.sevensteps.server.store.RunRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's runs in step with the database, every poll interval:
 * <ul>
 *   <li>a run that waits, or executes on another instance, gets its new queue position, its stored
 *       epochs and its end as events, so a student watching here sees a run that another instance
 *       executes (without its batches and snapshots, which only the executing instance has);
 *   <li>a run that executes here gets the flags set on any instance: cancel, pause, step.
 * </ul>
 * Polling the database was chosen over PostgreSQL's LISTEN/NOTIFY: it works the same on SQLite, needs
 * no connection held open, and a watcher that was away catches up by reading what is stored.
 */
final class Follower {
    private static final Logger log = LoggerFactory.getLogger(Follower.class);

    private final RunQueue queue;

    Follower(RunQueue queue) {
        this.queue = queue;
    }

    /** One pass over every run in memory. */
    void tick() {
        try {
            follow(queue.liveRuns().stream().filter(r -> !r.ended() && !r.executingHere()).toList());
            pullControls();
        } catch (RuntimeException e) {
            log.warn("following runs failed: {}", e.toString());
        }
    }

    /** Brings {@code runs} up to date with their rows: position while queued, then epochs, then the end. */
    void follow(List<Run> runs) {
        if (runs.isEmpty()) return;
        Map<String, RunRecord> rows = new HashMap<>();
        for (RunRecord r : queue.runs().findAll(runs.stream().map(Run::id).toList())) rows.put(r.id(), r);
        List<String> order = null;
        int running = 0;
        for (Run run : runs) {
            RunRecord row = rows.get(run.id()); // read before the epochs: an ended row has all its epochs stored
            if (row == null || run.executingHere()) continue;
            if (row.state().equals("queued")) {
                if (order == null) {
                    order = FairOrder.of(queue.store().waiting());
                    running = queue.store().running();
                }
                int i = order.indexOf(run.id());
                run.position(i < 0 ? 0 : i + running);
                continue;
            }
            run.position(0); // it started, somewhere
            for (EpochRecord e : queue.runs().epochsAfter(run.id(), run.epochsSeen())) {
                run.appendFollowed(Run.epochEvent(e, row.backendUsed()));
            }
            run.updateFollowed(row);
            if (!row.active()) {
                run.appendFollowed(Run.endEvent(row));
                queue.forgetOldFinished();
            }
        }
    }

    /** Applies the flags of the runs executing here; a run no longer ours is stopped. */
    private void pullControls() {
        List<Run> executing = queue.executing();
        if (executing.isEmpty()) return;
        Map<Run, Long> tokens = new HashMap<>(); // taken before the read: see Run#applyStored
        for (Run run : executing) tokens.put(run, run.storedControlToken());
        Map<String, Control> flags = queue.store().controlsOf(queue.instance());
        for (Run run : executing) {
            Control c = flags.get(run.id());
            if (c == null) {
                // Declared interrupted by another instance (our heartbeat stopped too long), or just ended.
                run.requestCancel(RunQueue.STALE);
                continue;
            }
            run.applyStored(c.paused(), c.steps(), tokens.get(run));
            if (c.cancelReason() != null) run.requestCancel(c.cancelReason());
        }
    }
}
