package org.sevensteps.lessons.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.sevensteps.lessons.TestData;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.RunSpec;

/** Runs a spec on real MNIST through {@link Runner} and keeps every event. */
final class Runs {
    private Runs() {}

    /** The events of one run, the last being the one Runner returned. */
    record Recorded(List<RunEvent> events) {
        RunEvent last() { return events.getLast(); }

        List<RunEvent> of(String type) {
            return events.stream().filter(e -> e.type().equals(type)).toList();
        }

        List<Double> epochTrainLosses() {
            return of("epoch").stream().map(RunEvent::trainLoss).toList();
        }

        double accuracy() {
            return last().validAccuracy();
        }

        /** One line per epoch, for the test log: the figures the lessons quote. */
        void print(RunSpec spec) {
            System.out.println(spec.model() + " " + spec.toParams());
            for (RunEvent e : of("epoch")) {
                System.out.printf("  epoch %d: train loss %.4f, valid loss %.4f, valid accuracy %.4f, %.3f s%n",
                        e.epoch(), e.trainLoss(), e.validLoss(), e.validAccuracy(), e.seconds());
            }
            System.out.printf("  %s: %.4f in %.2f s on %s%n", last().type(), last().validAccuracy(),
                    last().secondsTotal(), last().backend());
        }
    }

    /** Runs to the end; fails unless the run ended with {@code done}. */
    static Recorded complete(RunSpec spec) {
        Recorded r = run(spec, events -> false);
        assertEquals("done", r.last().type(), () -> "ended with " + r.last());
        r.print(spec);
        return r;
    }

    /** Runs until {@code stop} says so, asked with the events so far before every batch. */
    static Recorded run(RunSpec spec, Predicate<List<RunEvent>> stop) {
        List<RunEvent> events = new ArrayList<>();
        Runner.run(spec, new RunContext() {
            @Override public Mnist mnist() { return TestData.mnist(); }
            @Override public void emit(RunEvent event) { events.add(event); }
            @Override public boolean cancelRequested() { return stop.test(events); }
        });
        return new Recorded(events);
    }
}
