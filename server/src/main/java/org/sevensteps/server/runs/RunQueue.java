package org.sevensteps.server.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.lessons.experiment.Runner;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.run.TrainedModel;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.server.classroom.Principal;
import org.sevensteps.server.classroom.RateLimiter;
import org.sevensteps.server.classroom.Tokens;
import org.sevensteps.server.store.ClassroomStore.ClassRecord;
import org.sevensteps.server.store.EpochRecord;
import org.sevensteps.server.store.RunRecord;
import org.sevensteps.server.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class's shared engine. Runs execute one at a time; the next is chosen round-robin across
 * owners (the owner served longest ago goes first), so one student's queue never starves the others.
 * Every run and every finished epoch is written to the database as it happens.
 *
 * <p>Limits: a student's class sets the most epochs per run and the runs one student may have
 * waiting or running (visitors and the teacher: {@value #DEFAULT_ACTIVE}); submissions are rate
 * limited per owner; a run that works longer than the time limit is stopped; a run started from a
 * lesson page that nobody has watched for {@link #ABANDONED_AFTER} is cancelled, so a closed tab does
 * not hold the engine.
 */
public final class RunQueue implements AutoCloseable {
    static final int DEFAULT_ACTIVE = 3;
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);
    /** The longest a run may hold the engine on pause. */
    static final Duration MAX_PAUSE = Duration.ofMinutes(2);
    /**
     * Finished runs kept in memory with their full event history and trained model; older ones are
     * served from the database (epochs and result only).
     */
    static final int FINISHED_IN_MEMORY = 200;
    static final String INTERRUPTED = "The server stopped before this run finished; restart it to run it again with the same seed.";
    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);

    private final Supplier<Mnist> mnist;
    private final RunStore store;
    private final Classroom classroom;
    private final Duration timeLimit;
    private final Map<String, Run> live = new ConcurrentHashMap<>();
    private final List<Run> queued = new ArrayList<>(); // guarded by itself
    private final Map<String, Long> lastServed = new HashMap<>(); // owner -> time its last run started; guarded by queued
    private final RateLimiter submissions = new RateLimiter(30, 60_000);
    private final Thread worker;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-reaper");
        t.setDaemon(true);
        return t;
    });
    private volatile Run running;
    private volatile boolean closed;
    private boolean warmUpDue; // guarded by queued

    public RunQueue(Supplier<Mnist> mnist, RunStore store, Classroom classroom, Duration timeLimit) {
        this.mnist = mnist;
        this.store = store;
        this.classroom = classroom;
        this.timeLimit = timeLimit;
        int cut = store.interruptLeftovers(System.currentTimeMillis());
        if (cut > 0) log.info("{} run(s) cut by the last shutdown are marked interrupted", cut);
        worker = Thread.ofPlatform().name("run-worker").daemon().start(this::work);
        reaper.scheduleAtFixedRate(this::reclaimAbandoned, 5, 5, TimeUnit.SECONDS);
    }

    /** What {@link #submit} returns: the run and how many runs go before it. */
    public record Ticket(Run run, int position) {}

    /**
     * Validates and queues a run for {@code who}.
     *
     * @param interactive started from a lesson page (reclaimed when nobody watches it)
     * @param restartedFrom the run this one repeats, or null
     * @see #submitPaused
     * @throws IllegalArgumentException when the spec is out of range or over the class's limits
     * @throws RateLimitedException when {@code who} submits too fast
     */
    public Ticket submit(RunSpec spec, Principal who, boolean interactive, String restartedFrom) {
        return submit(spec, who, interactive, restartedFrom, false);
    }

    /** Queues a run that holds before its first batch, so the student can step through it. */
    public Ticket submitPaused(RunSpec spec, Principal who, boolean interactive) {
        return submit(spec, who, interactive, null, true);
    }

    private Ticket submit(RunSpec spec, Principal who, boolean interactive, String restartedFrom, boolean paused) {
        spec.validated();
        Optional<ClassRecord> klass = classroom.classOf(who);
        int maxActive = klass.map(ClassRecord::runsPerStudent).orElse(DEFAULT_ACTIVE);
        if (klass.isPresent() && spec.epochs() > klass.get().maxEpochs() && spec.modelEnum().trains()) {
            throw new IllegalArgumentException("Your teacher allows at most " + klass.get().maxEpochs() + " epochs per run.");
        }
        if (!submissions.allow(who.ownerKey())) {
            throw new RateLimitedException("Too many runs in a minute; wait a little and try again.");
        }
        Run run;
        synchronized (queued) {
            long mine = live.values().stream()
                    .filter(r -> r.record().owner().equals(who.ownerKey()) && r.record().active()).count();
            if (mine >= maxActive) {
                throw new IllegalArgumentException("You already have " + mine + " run" + (mine == 1 ? "" : "s")
                        + " waiting or running (the limit is " + maxActive + "); wait for one to finish or cancel one.");
            }
            RunRecord record = new RunRecord(Tokens.id(), who.ownerKey(), who.classId(), spec, "queued", null, null, null,
                    restartedFrom, System.currentTimeMillis(), null, null);
            store.insert(record);
            run = new Run(record, interactive);
            if (paused) run.pause();
            live.put(run.id(), run);
            queued.add(run);
            queued.notifyAll();
        }
        int position = positionOf(run);
        run.append(RunEvent.queued(position));
        log.info("run {} queued for {} ({} ahead): {}", run.id(), who.ownerKey(), position, spec.toParams());
        return new Ticket(run, position);
    }

    /** Queues the same spec (same seed) again, for its owner. */
    public Ticket restart(Run old, Principal who) {
        return submit(old.record().spec(), who, false, old.id());
    }

    /** The run with this id: live, or rebuilt from the database. */
    public Optional<Run> find(String id) {
        Run r = live.get(id);
        if (r != null) return Optional.of(r);
        return store.find(id).map(rec -> Run.fromStore(rec, store.epochs(id)));
    }

    /**
     * Asks the worker to train each model of the lessons for a few batches before its first run, when
     * no run waits: the first run of a model in a JVM's life is several times slower (classes loaded,
     * code interpreted until the JIT compiles it, device graphs built), and the first student to press
     * Train should not pay for it. Nothing is stored or sent; a run that arrives meanwhile stops it.
     */
    public void warmUp() {
        synchronized (queued) {
            warmUpDue = true;
            queued.notifyAll();
        }
    }

    /** The specs {@link #warmUp} trains, a few batches each: every kind of layer the lessons use. */
    static final List<RunSpec> WARM_UP = List.of(
            new RunSpec("linear", 1, 1.0, 256, 1, "auto"),
            new RunSpec("mlp", 1, 0.5, 64, 1, "auto"),
            new RunSpec("cnn", 1, 1e-3, 64, 1, "auto"));
    /** Batches per warm-up spec. */
    static final int WARM_UP_BATCHES = 8;

    private void warmUpNow() {
        long start = System.nanoTime();
        for (RunSpec spec : WARM_UP) {
            int[] batches = {0};
            Runner.run(spec, new RunContext() {
                @Override public Mnist mnist() { return mnist.get(); }
                @Override public void emit(RunEvent event) { /* nobody watches a warm-up */ }
                @Override public boolean cancelRequested() {
                    synchronized (queued) {
                        return closed || !queued.isEmpty() || ++batches[0] > WARM_UP_BATCHES;
                    }
                }
            });
        }
        log.info("engine warmed up in {} ms ({} batches of {})", (System.nanoTime() - start) / 1_000_000, WARM_UP_BATCHES,
                WARM_UP.stream().map(RunSpec::model).toList());
    }

    /** Runs waiting plus the one running. */
    public int length() {
        synchronized (queued) {
            return queued.size() + (running == null ? 0 : 1);
        }
    }

    /** How many runs go before {@code run}: the running one plus those the fair order picks first. */
    public int positionOf(Run run) {
        synchronized (queued) {
            if (!queued.contains(run)) return 0;
            List<Run> waiting = new ArrayList<>(queued);
            Map<String, Long> served = new HashMap<>(lastServed);
            int ahead = running == null ? 0 : 1;
            long clock = System.currentTimeMillis();
            while (!waiting.isEmpty()) {
                Run next = pickFair(waiting, served);
                if (next == run) return ahead;
                waiting.remove(next);
                served.put(next.record().owner(), ++clock);
                ahead++;
            }
            return ahead;
        }
    }

    /** Stops a queued or running run; it ends with a {@code cancelled} event. */
    public void cancel(Run run, String reason) {
        run.requestCancel(reason);
        boolean wasQueued;
        synchronized (queued) {
            wasQueued = queued.remove(run);
        }
        if (wasQueued) finish(run, "cancelled", null, reason, RunEvent.cancelled(reason));
    }

    /** The owner served longest ago first; among its runs, the oldest. */
    private static Run pickFair(List<Run> waiting, Map<String, Long> served) {
        Run best = null;
        for (Run r : waiting) {
            if (best == null) {
                best = r;
                continue;
            }
            long a = served.getOrDefault(r.record().owner(), 0L), b = served.getOrDefault(best.record().owner(), 0L);
            if (a < b || (a == b && r.record().createdAt() < best.record().createdAt())) best = r;
        }
        return best;
    }

    private void work() {
        while (!closed) {
            Run next;
            boolean warm = false;
            synchronized (queued) {
                while (queued.isEmpty() && !closed && !warmUpDue) {
                    try {
                        queued.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) return;
                if (queued.isEmpty()) { // only the warm-up is due
                    warmUpDue = false;
                    warm = true;
                    next = null;
                } else {
                    next = pickFair(queued, lastServed);
                    queued.remove(next);
                    lastServed.put(next.record().owner(), System.currentTimeMillis());
                    running = next;
                    for (Run waiting : queued) waiting.append(RunEvent.queued(positionOf(waiting))); // everyone moved up
                }
            }
            if (warm) {
                try {
                    warmUpNow();
                } catch (RuntimeException e) {
                    log.warn("engine warm-up failed: {}", e.toString());
                }
                continue;
            }
            try {
                execute(next);
            } catch (RuntimeException e) {
                log.error("run {} crashed the worker loop", next.id(), e);
            } finally {
                running = null;
            }
        }
    }

    private void execute(Run run) {
        long start = System.currentTimeMillis();
        String backend = Backends.current().name();
        store.markStarted(run.id(), backend, start);
        run.update(withState(run.record(), "running", backend, start));
        long deadline = start + timeLimit.toMillis();
        RunEvent end = Runner.run(run.record().spec(), new RunContext() {
            @Override public Mnist mnist() { return mnist.get(); }
            @Override public void trained(TrainedModel model) { run.setTrained(model); }
            @Override public boolean cancelRequested() {
                run.awaitTurn(MAX_PAUSE.toMillis());
                if (System.currentTimeMillis() > deadline) {
                    run.requestCancel("Stopped at the time limit of " + timeLimit.toMinutes() + " minutes per run.");
                }
                return run.cancelRequested();
            }
            @Override public void emit(RunEvent event) {
                if (event.type().equals("epoch")) {
                    store.addEpoch(new EpochRecord(run.id(), event.epoch(), event.trainLoss(), event.validLoss(),
                            event.validAccuracy(), event.seconds()));
                }
                if (event.type().equals("cancelled") && run.cancelReason() != null) {
                    event = RunEvent.cancelled(run.cancelReason());
                }
                if (!event.isFinal()) run.append(event);
                else finish(run, stateOf(event), event.type().equals("done") ? event.validAccuracy() : null,
                        event.message(), event);
            }
        });
        log.info("run {} ended: {}", run.id(), end.type());
    }

    private void finish(Run run, String state, Double accuracy, String message, RunEvent last) {
        long now = System.currentTimeMillis();
        if (closed && !state.equals("done")) {
            state = "interrupted"; // cut by a shutdown: it can be restarted with the same seed
            message = INTERRUPTED;
            last = RunEvent.cancelled(INTERRUPTED);
        }
        store.markEnded(run.id(), state, accuracy, message, now);
        RunRecord r = run.record();
        run.update(new RunRecord(r.id(), r.owner(), r.classId(), r.spec(), state, r.backendUsed(), accuracy, message,
                r.restartedFrom(), r.createdAt(), r.startedAt(), now));
        run.append(last);
        forgetOldFinished();
    }

    /** Drops the oldest finished runs from memory beyond {@link #FINISHED_IN_MEMORY}. */
    private void forgetOldFinished() {
        List<Run> finished = live.values().stream().filter(r -> !r.record().active())
                .sorted(java.util.Comparator.comparingLong(r -> r.record().endedAt() == null ? 0 : r.record().endedAt()))
                .toList();
        for (int i = 0; i < finished.size() - FINISHED_IN_MEMORY; i++) live.remove(finished.get(i).id());
    }

    private static String stateOf(RunEvent end) {
        return switch (end.type()) {
            case "done" -> "done";
            case "cancelled" -> "cancelled";
            default -> "failed";
        };
    }

    private static RunRecord withState(RunRecord r, String state, String backend, long startedAt) {
        return new RunRecord(r.id(), r.owner(), r.classId(), r.spec(), state, backend, r.finalAccuracy(), r.message(),
                r.restartedFrom(), r.createdAt(), startedAt, r.endedAt());
    }

    private void reclaimAbandoned() {
        long now = System.currentTimeMillis();
        for (Run r : live.values()) {
            if (r.interactive() && r.record().active() && r.unwatchedFor(now) > ABANDONED_AFTER.toMillis()) {
                log.info("run {} reclaimed: nobody watched it for {} s", r.id(), ABANDONED_AFTER.toSeconds());
                cancel(r, "Cancelled because nobody was watching it (the page was closed).");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        reaper.shutdownNow();
        Run current = running;
        if (current != null) current.requestCancel(INTERRUPTED);
        synchronized (queued) {
            queued.notifyAll();
        }
        worker.join(10_000);
        store.interruptLeftovers(System.currentTimeMillis()); // the queued ones
    }

    /** Too many submissions in a short time: becomes 429. */
    public static final class RateLimitedException extends RuntimeException {
        public RateLimitedException(String message) {
            super(message);
        }
    }
}
