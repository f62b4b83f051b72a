package org.sevensteps.server.runs;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every heartbeat interval: says this instance is alive, notes which runs a page here watches, and
 * reaps what others left behind. Any instance may reap; the updates are idempotent.
 * <ul>
 *   <li>a running run whose instance has not heart-beaten for {@code staleAfter} becomes
 *       {@code interrupted} (restartable with the same seed), its stored epochs kept;
 *   <li>a run started from a lesson page that no page, on any instance, watched for
 *       {@link RunQueue#ABANDONED_AFTER} is cancelled, so a closed tab does not hold an engine.
 * </ul>
 */
final class Heartbeat {
    /** A dead instance's row is deleted after this long. */
    static final long FORGET_AFTER_MILLIS = 3_600_000;
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final RunQueue queue;

    Heartbeat(RunQueue queue) {
        this.queue = queue;
    }

    void tick() {
        long now = System.currentTimeMillis();
        try {
            queue.store().beat(queue.instance(), now, now - FORGET_AFTER_MILLIS);
            queue.store().touchWatched(queue.liveRuns().stream().filter(r -> r.watched() && !r.ended()).map(Run::id).toList(), now);
            int cut = queue.store().interruptStale(now - queue.settings().staleAfter().toMillis(), now, RunQueue.STALE);
            if (cut > 0) log.warn("{} run(s) of an instance that stopped heart-beating are marked interrupted", cut);
            List<String> abandoned = queue.store().abandoned(now - RunQueue.ABANDONED_AFTER.toMillis());
            for (String id : abandoned) {
                log.info("run {} reclaimed: nobody watched it for {} s", id, RunQueue.ABANDONED_AFTER.toSeconds());
                queue.find(id).ifPresent(r -> queue.cancel(r, "Cancelled because nobody was watching it (the page was closed)."));
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.toString());
        }
    }
}
