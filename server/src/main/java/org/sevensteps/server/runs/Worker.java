package org.sevensteps.server.runs;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.lessons.experiment.Runner;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.run.TrainedModel;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.store.EpochRecord;
import org.sevensteps.server.store.QueueStore.Devices;
import org.sevensteps.server.store.QueueStore.Lane;
import org.sevensteps.server.store.RunRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker thread of one lane: claims the next run the lane may take from the shared queue,
 * executes it on the lane's backend, stores every epoch as it ends and how the run ended. Between
 * claims it sleeps until a run is submitted on this instance or one poll interval has passed (runs
 * submitted on other instances are found then).
 */
final class Worker {
    /** The longest a run may hold the engine on pause. */
    static final Duration MAX_PAUSE = Duration.ofMinutes(2);
    static final String DEVICE_BUSY = "Ran on the CPU: the device was busy and the class allows the CPU fallback.";
    static final String NO_DEVICE = "Ran on the CPU: no server here has a device, and the class allows the CPU fallback.";
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final RunQueue queue;
    private final Lane lane;
    private final Backend backend;
    private final Thread thread;
    private volatile Run running;
    private volatile boolean warmUpDue;
    private volatile CompletableFuture<Void> warmedUp = CompletableFuture.completedFuture(null);

    /** The specs {@link #warmUp} trains, a few batches each: every kind of layer the lessons use. */
    static final java.util.List<RunSpec> WARM_UP = java.util.List.of(
            new RunSpec("linear", 1, 1.0, 256, 1, "auto"),
            new RunSpec("mlp", 1, 0.5, 64, 1, "auto"),
            new RunSpec("cnn", 1, 1e-3, 64, 1, "auto"));
    /** Batches per warm-up spec. */
    static final int WARM_UP_BATCHES = 8;

    Worker(RunQueue queue, Lane lane, Backend backend) {
        this.queue = queue;
        this.lane = lane;
        this.backend = backend;
        this.thread = Thread.ofPlatform().name("run-worker-" + lane.name().toLowerCase()).daemon().unstarted(this::work);
    }

    void start() {
        thread.start();
    }

    /** The run this worker executes now, or null. */
    Run running() {
        return running;
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
        warmedUp.complete(null); // a warm-up that never started: nobody waits for it any more
    }

    /**
     * Asks the worker to warm its backend up before it next looks for a run (see {@link RunQueue#warmUp}).
     *
     * @return completes when the warm-up ended (done, cut short by a run, or failed)
     */
    CompletableFuture<Void> warmUp() {
        warmedUp = new CompletableFuture<>();
        warmUpDue = true;
        return warmedUp;
    }

    private void work() {
        while (!queue.closed()) {
            long seen = queue.signals();
            if (warmUpDue) {
                warmUpDue = false;
                warmUpNow(seen);
                warmedUp.complete(null);
                continue;
            }
            long now = System.currentTimeMillis();
            Devices devices = new Devices(true, true);
            Optional<RunRecord> next;
            try {
                if (lane == Lane.CPU) devices = queue.store().devices(now - queue.settings().staleAfter().toMillis());
                next = queue.store().claim(queue.instance(), lane, backend.name(), devices, now);
            } catch (RuntimeException e) {
                log.warn("could not claim a run: {}", e.toString());
                next = Optional.empty();
            }
            if (next.isEmpty()) {
                queue.awaitWork(seen);
                continue;
            }
            try {
                execute(next.get(), devices);
            } catch (RuntimeException e) {
                log.error("run {} crashed the worker loop", next.get().id(), e);
            } finally {
                running = null;
            }
        }
    }

    /**
     * Trains each of {@link #WARM_UP} for {@value #WARM_UP_BATCHES} batches on this lane's backend,
     * storing and sending nothing; stops as soon as a run is submitted here or runs already wait.
     */
    private void warmUpNow(long seen) {
        try {
            if (!queue.store().waiting().isEmpty()) return; // real runs warm the engine up just as well
            long start = System.nanoTime();
            try (var scope = Backends.use(backend)) {
                for (RunSpec spec : WARM_UP) {
                    int[] batches = {0};
                    Runner.run(spec, new RunContext() {
                        @Override public Mnist mnist() { return queue.mnist(); }
                        @Override public void emit(RunEvent event) { /* nobody watches a warm-up */ }
                        @Override public boolean cancelRequested() {
                            return queue.closed() || queue.signals() != seen || ++batches[0] > WARM_UP_BATCHES;
                        }
                    });
                    if (queue.closed() || queue.signals() != seen) return;
                }
            }
            log.info("{} lane warmed up in {} ms ({} batches each of {})", lane.name().toLowerCase(),
                    (System.nanoTime() - start) / 1_000_000, WARM_UP_BATCHES, WARM_UP.stream().map(RunSpec::model).toList());
        } catch (RuntimeException e) {
            log.warn("engine warm-up failed: {}", e.toString());
        }
    }

    private void execute(RunRecord claimed, Devices devices) {
        Run run = queue.adopt(claimed);
        running = run;
        long token = run.storedControlToken(); // a Pause pressed here meanwhile wins over the row read now
        queue.store().control(run.id()).ifPresent(c -> {
            run.applyStored(c.paused(), c.steps(), token);
            if (c.cancelReason() != null) run.requestCancel(c.cancelReason());
        });
        RunSpec spec = claimed.spec();
        String note = lane == Lane.CPU && !spec.backend().equals("cpu") && (devices.any() || spec.backend().equals("tornado"))
                ? (devices.any() ? DEVICE_BUSY : NO_DEVICE) : null;
        if (note != null) queue.store().note(run.id(), note);
        log.info("run {} started on {} ({} lane){}", run.id(), backend.name(), lane.name().toLowerCase(),
                note == null ? "" : ": " + note);
        if (lane == Lane.DEVICE) queue.store().setDeviceBusy(queue.instance(), true);
        long deadline = claimed.startedAt() + queue.settings().timeLimit().toMillis();
        RunEvent end;
        try (var scope = Backends.use(backend)) {
            end = Runner.run(spec, context(run, deadline));
        } finally {
            if (lane == Lane.DEVICE) queue.store().setDeviceBusy(queue.instance(), false);
        }
        queue.countExecuted();
        log.info("run {} ended: {}", run.id(), end.type());
    }

    private RunContext context(Run run, long deadline) {
        return new RunContext() {
            @Override public Mnist mnist() { return queue.mnist(); }
            @Override public boolean paused() { return run.paused(); }
            @Override public void trained(TrainedModel model) { run.setTrained(model); }
            @Override public void awaitTurn() { run.awaitTurn(MAX_PAUSE.toMillis()); }
            @Override public boolean cancelRequested() {
                if (queue.closed()) run.requestCancel(RunQueue.INTERRUPTED);
                if (System.currentTimeMillis() > deadline) {
                    run.requestCancel("Stopped at the time limit of " + queue.settings().timeLimit().toMinutes() + " minutes per run.");
                }
                return run.cancelRequested();
            }
            @Override public void emit(RunEvent event) {
                if (event.type().equals("epoch")) {
                    queue.runs().addEpoch(new EpochRecord(run.id(), event.epoch(), event.trainLoss(), event.validLoss(),
                            event.validAccuracy(), event.seconds()));
                }
                if (event.type().equals("cancelled") && run.cancelReason() != null) {
                    event = RunEvent.cancelled(run.cancelReason());
                }
                if (!event.isFinal()) run.append(event);
                else finish(run, event);
            }
        };
    }

    /** Stores how the run ended, then tells its watchers; a run cut by this server's shutdown is interrupted. */
    private void finish(Run run, RunEvent last) {
        String state = switch (last.type()) {
            case "done" -> "done";
            case "cancelled" -> "cancelled";
            default -> "failed";
        };
        Double accuracy = state.equals("done") ? last.validAccuracy() : null;
        String message = last.message();
        if (queue.closed() && !state.equals("done")) {
            state = "interrupted"; // cut by a shutdown: it can be restarted with the same seed
            message = RunQueue.INTERRUPTED;
            last = RunEvent.cancelled(RunQueue.INTERRUPTED);
        }
        boolean ours = queue.store().end(run.id(), queue.instance(), state, accuracy, message, System.currentTimeMillis());
        RunRecord stored = queue.runs().find(run.id()).orElse(run.record());
        run.update(stored);
        // Not ours any more: our heartbeat stopped long enough for another instance to declare the run interrupted.
        run.append(ours ? last : Run.endEvent(stored));
        queue.forgetOldFinished();
    }
}
