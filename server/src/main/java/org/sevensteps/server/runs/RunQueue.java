package org.sevensteps.server.runs;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.sevensteps.lessons.experiment.Runner;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs are executed one at a time, in the order they were submitted: one engine, shared by the whole
 * class. A session may have at most {@link #PER_SESSION} runs queued or running.
 */
public final class RunQueue implements AutoCloseable {
    /** Runs one browser session may have waiting or running at once. */
    public static final int PER_SESSION = 3;

    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final Supplier<Mnist> mnist;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "run-worker");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger waiting = new AtomicInteger();

    public RunQueue(Supplier<Mnist> mnist) {
        this.mnist = mnist;
    }

    /** What {@link #submit} returns: the run and how many runs are ahead of it. */
    public record Ticket(Run run, int position) {}

    /**
     * Validates and queues a run owned by {@code session}.
     *
     * @throws IllegalArgumentException when the spec is out of range or the session has too many runs
     */
    public Ticket submit(RunSpec spec, String session) {
        spec.validated();
        long mine = runs.values().stream()
                .filter(r -> r.visibleTo(session))
                .filter(r -> r.state() == Run.State.QUEUED || r.state() == Run.State.RUNNING)
                .count();
        if (mine >= PER_SESSION) {
            throw new IllegalArgumentException("You already have " + mine + " runs waiting or running; "
                    + "wait for one to finish or cancel one.");
        }
        Run run = new Run(newId(), spec, session);
        runs.put(run.id(), run);
        int ahead = waiting.getAndIncrement();
        worker.execute(() -> execute(run));
        log.info("run {} queued ({} ahead): {}", run.id(), ahead, spec.toParams());
        return new Ticket(run, ahead);
    }

    /** The run with this id, if it exists. */
    public Optional<Run> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** Runs waiting or running. */
    public int length() {
        return waiting.get();
    }

    private void execute(Run run) {
        try {
            if (run.cancelRequested()) {
                run.setState(Run.State.CANCELLED);
                run.append(RunEvent.cancelled("Cancelled before it started."));
                return;
            }
            run.setState(Run.State.RUNNING);
            RunEvent end = Runner.run(run.spec(), new RunContext() {
                @Override public Mnist mnist() { return mnist.get(); }
                @Override public void emit(RunEvent event) { run.append(event); }
                @Override public boolean cancelRequested() { return run.cancelRequested(); }
            });
            run.setState(switch (end.type()) {
                case "done" -> Run.State.DONE;
                case "cancelled" -> Run.State.CANCELLED;
                default -> Run.State.FAILED;
            });
            log.info("run {} ended: {}", run.id(), end.type());
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static String newId() {
        byte[] b = new byte[9];
        IDS.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() throws InterruptedException {
        runs.values().forEach(Run::requestCancel);
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
