package org.sevensteps.lessons.experiment;

import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a spec to its end and makes sure the last event says how it ended. */
public final class Runner {
    private static final Logger log = LoggerFactory.getLogger(Runner.class);

    private Runner() {}

    /**
     * Validates {@code spec}, runs its experiment in {@code ctx}, and emits {@code cancelled} or
     * {@code error} when the experiment did not finish with {@code done}.
     *
     * @return the final event
     */
    public static RunEvent run(RunSpec spec, RunContext ctx) {
        RunEvent[] last = {null};
        RunContext tracking = new RunContext() {
            @Override public org.sevensteps.lessons.mnist.Mnist mnist() { return ctx.mnist(); }
            @Override public boolean cancelRequested() { return ctx.cancelRequested(); }
            @Override public boolean paused() { return ctx.paused(); }
            @Override public void awaitTurn() { ctx.awaitTurn(); }
            @Override public void emit(RunEvent event) {
                last[0] = event;
                ctx.emit(event);
            }
            @Override public void trained(org.sevensteps.lessons.run.TrainedModel model) { ctx.trained(model); }
        };
        try {
            Experiment.of(spec.validated().modelEnum()).run(spec, tracking);
            if (last[0] != null && last[0].type().equals("done")) return last[0];
            RunEvent end = ctx.cancelRequested()
                    ? RunEvent.cancelled("The run was stopped before its end.")
                    : RunEvent.error("The run ended without a result.");
            ctx.emit(end);
            return end;
        } catch (IllegalArgumentException | org.sevensteps.lessons.mnist.MnistException e) {
            RunEvent end = RunEvent.error(e.getMessage());
            ctx.emit(end);
            return end;
        } catch (RuntimeException e) {
            log.error("run {} failed", spec, e);
            RunEvent end = RunEvent.error("The run failed inside the engine: " + e);
            ctx.emit(end);
            return end;
        }
    }
}
