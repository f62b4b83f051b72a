package org.sevensteps.server.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sevensteps.lessons.experiment.Runner;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.mnist.MnistCache;
import org.sevensteps.lessons.run.JsonLines;
import org.sevensteps.lessons.run.RunContext;
import org.sevensteps.lessons.run.RunEvent;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: one run in the terminal, as text or as JSON lines. */
@Command(name = "train", description = "Train one model on MNIST and print its progress.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "baseline, linear, simple-net, mlp, cnn or cnn-fixed.")
    String model;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set (default: the lesson's).")
    String epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: the lesson's).")
    String lr;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per minibatch (default: the lesson's).")
    String batchSize;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice (default: 42).")
    String seed;

    @Option(names = "--json", description = "Print one JSON object per epoch, then a last line with \"done\":true.")
    boolean json;

    @Override
    public Integer call() {
        Map<String, String> given = new java.util.HashMap<>();
        given.put("model", model);
        given.put("epochs", epochs);
        given.put("lr", lr);
        given.put("batch_size", batchSize);
        given.put("seed", seed == null ? "42" : seed);
        given.put("backend", common.backend);
        RunSpec spec = RunSpec.parse(given::get).validated();
        common.selectBackend();

        MnistCache mnist = new MnistCache(common.dataDir());
        PrintStream out = System.out;
        RunEvent end = Runner.run(spec, new RunContext() {
            @Override public Mnist mnist() { return mnist.get(); }
            @Override public boolean cancelRequested() { return false; }
            @Override public void emit(RunEvent event) {
                String line = json ? JsonLines.line(event) : human(event, spec);
                if (line != null) out.println(line);
            }
        });
        if (!end.type().equals("done")) {
            System.err.println("error: " + end.message());
            return 2;
        }
        return 0;
    }

    /** One line for a person reading the terminal, or null for events not worth a line. */
    private static String human(RunEvent e, RunSpec spec) {
        return switch (e.type()) {
            case "epoch" -> spec.modelEnum() == Model.BASELINE
                    ? String.format("baseline: L1 accuracy %.4f, RMSE accuracy %.4f (%s s)",
                            (Double) e.extra().get("l1_accuracy"), (Double) e.extra().get("rmse_accuracy"),
                            String.format("%.2f", e.seconds()))
                    : String.format("epoch %d: train loss %.4f, valid loss %.4f, valid accuracy %.4f (%.2f s)",
                            e.epoch(), e.trainLoss(), e.validLoss(), e.validAccuracy(), e.seconds());
            case "done" -> String.format("done: valid accuracy %.4f in %.2f s on %s",
                    e.validAccuracy(), e.secondsTotal(), e.backend());
            default -> null;
        };
    }
}
