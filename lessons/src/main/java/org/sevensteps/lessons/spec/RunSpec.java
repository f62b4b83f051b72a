package org.sevensteps.lessons.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Everything that determines a run. Two runs with equal specs (and the same thread count) produce
 * the same numbers.
 *
 * @param model the model id ({@link Model#id})
 * @param epochs passes over the training set
 * @param lr learning rate
 * @param batchSize images per minibatch
 * @param seed seed of every random choice in the run (initial weights, shuffling)
 * @param backend {@code auto}, {@code cpu} or {@code tornado}
 */
public record RunSpec(String model, int epochs, double lr, @JsonProperty("batch_size") int batchSize, long seed,
        String backend) {
    /** The keys of the URL query string and the JSON body, in the order they are written. */
    public static final List<String> KEYS = List.of("model", "epochs", "lr", "batch_size", "seed", "backend");


    /** The source text's defaults for {@code model}, with a fresh random seed. */
    public static RunSpec defaults(Model model) {
        return new RunSpec(model.id, model.defaultEpochs, model.defaultLr, model.defaultBatchSize,
                ThreadLocalRandom.current().nextLong(1, 1_000_000), "auto");
    }

    /**
     * Reads a spec from key/value pairs (a URL query string, a JSON object, command-line options).
     * Missing keys take the model's defaults, a missing seed is drawn at random.
     *
     * @param lookup the value for a key of {@link #KEYS}, or null when absent
     * @throws IllegalArgumentException naming the key when a value is not a number, or no model is given
     */
    public static RunSpec parse(Function<String, String> lookup) {
        String modelId = lookup.apply("model");
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("model is missing (choose one of " + Model.ids() + ")");
        }
        Model m = Model.byId(modelId.strip()).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + modelId + "' (choose one of " + Model.ids() + ")"));
        RunSpec d = defaults(m);
        String backend = lookup.apply("backend");
        return new RunSpec(m.id,
                (int) number(lookup, "epochs", d.epochs, true),
                number(lookup, "lr", d.lr, false),
                (int) number(lookup, "batch_size", d.batchSize, true),
                (long) number(lookup, "seed", d.seed, true),
                backend == null || backend.isBlank() ? d.backend : backend.strip());
    }

    private static double number(Function<String, String> lookup, String key, double fallback, boolean whole) {
        String raw = lookup.apply(key);
        if (raw == null || raw.isBlank()) return fallback;
        try {
            double v = Double.parseDouble(raw.strip());
            if (whole && (v != Math.rint(v) || Math.abs(v) > 9e15)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be " + (whole ? "a whole number" : "a number")
                    + " (got '" + raw + "')");
        }
    }

    /** The spec as key/value strings, the inverse of {@link #parse}: for URLs and logs. */
    public Map<String, String> toParams() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("epochs", Integer.toString(epochs));
        out.put("lr", Param.fmt(lr));
        out.put("batch_size", Integer.toString(batchSize));
        out.put("seed", Long.toString(seed));
        out.put("backend", backend);
        return out;
    }

    /** This spec with another seed. */
    public RunSpec withSeed(long newSeed) {
        return new RunSpec(model, epochs, lr, batchSize, newSeed, backend);
    }

    /** The messages for every value out of range; empty when the spec can run. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        var m = Model.byId(model);
        if (m.isEmpty()) {
            out.add("unknown model '" + model + "' (choose one of " + Model.ids() + ")");
            return out;
        }
        if (!List.of("auto", "cpu", "tornado").contains(backend)) {
            out.add("backend must be auto, cpu or tornado (got '" + backend + "')");
        }
        for (Param p : m.get().params()) {
            double v = switch (p.name()) {
                case "epochs" -> epochs;
                case "lr" -> lr;
                case "batch_size" -> batchSize;
                default -> throw new IllegalStateException("unhandled parameter " + p.name());
            };
            String problem = p.check(v);
            if (problem != null) out.add(problem);
        }
        return out;
    }

    /** Throws {@link IllegalArgumentException} listing every problem, when there is one. */
    public RunSpec validated() {
        List<String> problems = problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return this;
    }

    /** The model this spec names; call after {@link #validated()}. */
    public Model modelEnum() {
        return Model.byId(model).orElseThrow(() -> new IllegalArgumentException("unknown model " + model));
    }
}
