package org.sevensteps.server.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.server.classroom.Principal;
import org.sevensteps.server.classroom.RateLimiter;
import org.sevensteps.server.classroom.Tokens;
import org.sevensteps.server.store.ClassroomStore.ClassRecord;
import org.sevensteps.server.store.QueueStore;
import org.sevensteps.server.store.RunRecord;
import org.sevensteps.server.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class's run queue, shared by every server instance on the database. A queued run is a row;
 * each instance that executes runs has a worker per lane ({@link Engines}) that claims the next run
 * fairly: round-robin across owners (the owner served longest ago first), so one student's runs never
 * starve the others. Every run and every finished epoch is written as it happens.
 *
 * <p>Limits: a student's class sets the most epochs per run and the runs one student may have
 * waiting or running (visitors and the teacher: {@value #DEFAULT_ACTIVE}); submissions are rate
 * limited per owner; a run that works longer than the time limit is stopped; a run started from a
 * lesson page that nobody has watched for {@link #ABANDONED_AFTER} is cancelled.
 *
 * <p>Across instances: cancel, pause and step are flags in the run's row, read by the instance that
 * executes it; a watcher on another instance follows the stored epochs and the end ({@link Follower});
 * a run whose instance stops heart-beating becomes interrupted ({@link Heartbeat}). On SQLite (one
 * server per file) a starting server marks every run left running as interrupted at once.
 */
public final class RunQueue implements AutoCloseable {
    static final int DEFAULT_ACTIVE = 3;
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);
    /**
     * Finished runs kept in memory with their full event history and trained model; older ones are
     * served from the database (epochs and result only).
     */
    static final int FINISHED_IN_MEMORY = 200;
    static final String INTERRUPTED = "The server stopped before this run finished; restart it to run it again with the same seed.";
    static final String STALE = "The server running this run stopped answering; restart it to run it again with the same seed.";
    static final String NO_DEVICE = "This run asks for the device (backend tornado), but no server of this classroom has one "
            + "and the CPU fallback is not allowed; train with backend auto or cpu.";
    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);

    /** What a run's owner can do to it while it works. */
    public enum Action { PAUSE, RESUME, STEP }

    private final Supplier<Mnist> mnist;
    private final RunStore runs;
    private final QueueStore store;
    private final Classroom classroom;
    private final QueueSettings settings;
    private final String instance = Tokens.id().substring(0, 12);
    private final Map<String, Run> live = new ConcurrentHashMap<>();
    private final RateLimiter submissions = new RateLimiter(30, 60_000);
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicInteger executed = new AtomicInteger();
    private final Follower follower = new Follower(this);
    private final FlagWriter flags = new FlagWriter();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-queue-clock");
        t.setDaemon(true);
        return t;
    });
    private final Object signal = new Object();
    private long signals; // guarded by signal
    private volatile boolean closed;

    public RunQueue(Supplier<Mnist> mnist, RunStore runs, QueueStore store, Classroom classroom, QueueSettings settings) {
        this.mnist = mnist;
        this.runs = runs;
        this.store = store;
        this.classroom = classroom;
        this.settings = settings;
        long now = System.currentTimeMillis();
        if (!store.shared()) {
            int cut = store.interruptAllRunning(now, INTERRUPTED);
            if (cut > 0) log.info("{} run(s) cut by the last shutdown are marked interrupted", cut);
        }
        store.register(instance, settings.role().name().toLowerCase(), settings.executes() && settings.engines().hasDevice(), now);
        if (settings.executes()) {
            workers.add(new Worker(this, QueueStore.Lane.CPU, settings.engines().cpu()));
            if (settings.engines().hasDevice()) workers.add(new Worker(this, QueueStore.Lane.DEVICE, settings.engines().device()));
        }
        log.info("instance {} joined the run queue as {} ({})", instance, settings.role().name().toLowerCase(),
                workers.isEmpty() ? "executes no runs" : workers.size() == 1 ? "one lane: cpu" : "two lanes: device and cpu");
        workers.forEach(Worker::start);
        Heartbeat heartbeat = new Heartbeat(this);
        clock.scheduleWithFixedDelay(follower::tick, settings.poll().toMillis(), settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        clock.scheduleWithFixedDelay(heartbeat::tick, 0, settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
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
        boolean fallback = klass.map(ClassRecord::cpuFallback).orElse(true);
        if (spec.backend().equals("tornado") && !fallback
                && !store.devices(System.currentTimeMillis() - settings.staleAfter().toMillis()).any()) {
            throw new IllegalArgumentException(NO_DEVICE);
        }
        if (!submissions.allow(who.ownerKey())) {
            throw new RateLimitedException("Too many runs in a minute; wait a little and try again.");
        }
        Run run;
        synchronized (this) { // the quota check and the insert go together (on this instance)
            int mine = store.activeOf(who.ownerKey());
            if (mine >= maxActive) {
                throw new IllegalArgumentException("You already have " + mine + " run" + (mine == 1 ? "" : "s")
                        + " waiting or running (the limit is " + maxActive + "); wait for one to finish or cancel one.");
            }
            RunRecord record = RunRecord.queued(Tokens.id(), who.ownerKey(), who.classId(), spec, restartedFrom,
                    System.currentTimeMillis());
            run = new Run(record);
            live.put(run.id(), run);
            runs.insert(record, interactive, paused);
        }
        int position = positionOf(run);
        run.position(position);
        wake();
        log.info("run {} queued for {} ({} ahead): {}", run.id(), who.ownerKey(), position, spec.toParams());
        return new Ticket(run, position);
    }

    /** Queues the same spec (same seed) again, for {@code who}. */
    public Ticket restart(Run old, Principal who) {
        return submit(old.record().spec(), who, false, old.id());
    }

    /**
     * The run with this id: in memory, or from the database. A run that waits or executes on another
     * instance is followed from here on, so it can be watched here.
     */
    public Optional<Run> find(String id) {
        Run r = live.get(id);
        if (r != null) return Optional.of(r);
        Optional<RunRecord> stored = runs.find(id);
        if (stored.isEmpty()) return Optional.empty();
        if (!stored.get().active()) return Optional.of(Run.fromStore(stored.get(), runs.epochs(id)));
        Run followed = live.computeIfAbsent(id, k -> new Run(stored.get()));
        follower.follow(List.of(followed));
        return Optional.of(followed);
    }

    /** Runs waiting plus runs running, on every instance. */
    public int length() {
        return store.waiting().size() + store.running();
    }

    /** How many runs go before {@code run}: the runs running now plus those the fair order picks first. */
    public int positionOf(Run run) {
        if (!run.state().equals("queued")) return 0;
        List<String> order = FairOrder.of(store.waiting());
        int i = order.indexOf(run.id());
        return i < 0 ? 0 : i + store.running();
    }

    /** Cancels through the run's row: a queued run ends here and now, a running one's instance reads the flag. */
    private void cancelStored(Run run, String reason) {
        switch (store.cancel(run.id(), reason, System.currentTimeMillis())) {
            case WAS_QUEUED -> {
                runs.find(run.id()).ifPresent(run::updateFollowed);
                run.appendFollowed(RunEvent.cancelled(reason));
            }
            case WAS_RUNNING -> {
                if (run.executingHere()) run.requestCancel(reason); // elsewhere: its instance reads the flag
            }
            case HAD_ENDED -> { /* nothing to stop */ }
        }
    }

    /**
     * Stops a queued or running run, wherever it runs; it ends with a {@code cancelled} event. A run
     * executing on this instance stops at its next batch at once, its row is written after.
     */
    public void cancel(Run run, String reason) {
        if (run.executingHere()) {
            run.requestCancel(reason);
            flags.write(run, () -> store.cancel(run.id(), reason, System.currentTimeMillis()));
            return;
        }
        cancelStored(run, reason);
    }

    /**
     * Pauses, resumes or steps a run, wherever it runs. A run executing on this instance obeys at once
     * (the worker is told in memory) and its row is written after, off the caller's thread; for a run
     * executing elsewhere the flags in its row are the message, read by its instance every poll.
     *
     * @return whether the run is paused now
     */
    public boolean control(Run run, Action action) {
        if (run.executingHere()) {
            boolean paused = run.controlHere(action);
            flags.write(run, () -> storeControl(run, action));
            return paused;
        }
        storeControl(run, action);
        QueueStore.Control c = store.control(run.id()).orElseThrow();
        if (run.executingHere()) run.applyStored(c.paused(), c.steps(), run.storedControlToken()); // claimed meanwhile
        return c.paused();
    }

    /** Whether the run holds between batches: as its worker knows it when it executes here, else as its row says. */
    public boolean paused(String id) {
        Run here = live.get(id);
        if (here != null && here.executingHere()) return here.paused();
        return store.control(id).map(QueueStore.Control::paused).orElse(false);
    }

    private void storeControl(Run run, Action action) {
        switch (action) {
            case PAUSE -> store.setPaused(run.id(), true);
            case RESUME -> store.setPaused(run.id(), false);
            case STEP -> store.addStep(run.id());
        }
    }

    /** This instance's id, as the {@code worker} of the runs it executes. */
    public String instance() {
        return instance;
    }

    /** What this instance does: serve pages, execute runs, or both. */
    public QueueSettings.Role role() {
        return settings.role();
    }

    /** How many runs this instance executed since it started. */
    public int executedHere() {
        return executed.get();
    }

    // ---- for the workers, the follower and the heartbeat

    QueueStore store() { return store; }
    RunStore runs() { return runs; }
    QueueSettings settings() { return settings; }
    Mnist mnist() { return mnist.get(); }
    boolean closed() { return closed; }
    Collection<Run> liveRuns() { return live.values(); }

    void countExecuted() {
        executed.incrementAndGet();
    }

    /** The runs the workers execute now. */
    List<Run> executing() {
        return workers.stream().map(Worker::running).filter(Objects::nonNull).toList();
    }

    /** The in-memory run of a run just claimed here (made when it was submitted elsewhere), now executing here. */
    Run adopt(RunRecord claimed) {
        Run run = live.computeIfAbsent(claimed.id(), k -> new Run(claimed));
        run.markExecutingHere();
        run.update(claimed);
        run.position(0);
        return run;
    }

    /**
     * Has every worker of this instance train each model of the lessons for a few batches before it
     * looks for its first run: the first run of a model in a JVM's life is several times slower
     * (classes loaded, code interpreted until the JIT compiles it, device graphs built), and the first
     * student to press Train should not pay for it. Nothing is stored or sent; a run submitted
     * meanwhile stops it.
     *
     * @return completes when every worker's warm-up ended
     */
    public CompletableFuture<Void> warmUp() {
        var done = CompletableFuture.allOf(workers.stream().map(Worker::warmUp)
                .toArray(CompletableFuture[]::new));
        wake();
        return done;
    }

    long signals() {
        synchronized (signal) {
            return signals;
        }
    }

    /** Wakes the workers: a run was submitted here, or the queue closes. */
    void wake() {
        synchronized (signal) {
            signals++;
            signal.notifyAll();
        }
    }

    /** Sleeps until {@link #wake} (unless it came after {@code seen}) or one poll interval. */
    void awaitWork(long seen) {
        synchronized (signal) {
            if (signals != seen || closed) return;
            try {
                signal.wait(settings.poll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Drops the oldest ended runs from memory beyond {@link #FINISHED_IN_MEMORY}. */
    void forgetOldFinished() {
        List<Run> ended = live.values().stream().filter(Run::ended)
                .sorted(Comparator.comparingLong(r -> r.record().endedAt() == null ? 0 : r.record().endedAt()))
                .toList();
        for (int i = 0; i < ended.size() - FINISHED_IN_MEMORY; i++) live.remove(ended.get(i).id());
    }

    /**
     * Stops this instance's part: its running runs end as interrupted (restartable), queued runs stay
     * queued for the other instances or the next start.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        clock.shutdownNow();
        for (Run r : executing()) r.requestCancel(INTERRUPTED);
        wake();
        for (Worker w : workers) w.join(10_000);
        flags.close();
        try {
            store.leave(instance);
        } catch (RuntimeException e) {
            log.warn("could not leave the instance list: {}", e.toString());
        }
    }

    /** Too many submissions in a short time: becomes 429. */
    public static final class RateLimitedException extends RuntimeException {
        public RateLimitedException(String message) {
            super(message);
        }
    }
}
