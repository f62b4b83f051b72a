package org.sevensteps.server.runs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the flags (pause, step, cancel) of runs that execute on this instance to their rows, in the
 * order they were set, off the caller's thread. The run already obeys them in memory
 * ({@link Run#controlHere}, {@link Run#requestCancel}): the row is for everyone else (another
 * instance's dashboard, the run's next claim after a restart). A write to a busy database can take
 * hundreds of milliseconds; a student pressing Pause should not wait for it.
 */
final class FlagWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlagWriter.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "run-flags");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code write} after every write handed over before it, then tells {@code run} that the flags
     * it had set when this was called are stored ({@link Run#controlStored}).
     */
    void write(Run run, Runnable write) {
        long upTo = run.controlsSet();
        thread.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                log.warn("could not store a flag of run {}: {}", run.id(), e.toString());
            } finally {
                run.controlStored(upTo);
            }
        });
    }

    /** Writes what is still waiting (for a few seconds at most), then stops. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(5, TimeUnit.SECONDS)) log.warn("flags of runs left unwritten at shutdown");
    }
}
