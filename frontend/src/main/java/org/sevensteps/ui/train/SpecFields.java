package org.sevensteps.ui.train;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.AbstractNumberField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.Param;
import org.sevensteps.lessons.spec.RunSpec;

/**
 * The four fields of a run's spec: epochs, learning rate, batch size and seed, with the model's ranges.
 * {@link #read()} only reads them; {@link #check()} also marks the wrong ones, so that asking "what
 * are the student's settings" never changes what the student sees.
 */
final class SpecFields extends Div {
    private final IntegerField epochs = new IntegerField("Epochs");
    private final NumberField lr = new NumberField("Learning rate");
    private final IntegerField batchSize = new IntegerField("Batch size");
    private final TextField seed = new TextField("Seed");

    /** The fields read as a spec: {@code spec} when they are valid, else null and what is wrong. */
    record Reading(RunSpec spec, List<Problem> problems) {
        /** All the problems in one line, for the status line. */
        String summary() {
            return String.join("; ", problems.stream().map(Problem::message).toList());
        }
    }

    /** What is wrong, and with which field (null when it is not one field's fault). */
    record Problem(HasValidation field, String message) {}

    /** @param onEdit called after every change the student makes to a field (not after {@link #show}) */
    SpecFields(Model model, Runnable onEdit) {
        List<Param> params = model.params();
        configure(epochs, params.get(0));
        configure(lr, params.get(1));
        configure(batchSize, params.get(2));
        seed.setId("seed");
        seed.setPattern("[0-9]{1,15}");
        seed.setHelperText("Same seed, same run");
        // Only the student's edits count: values set by show() would report half-set specs.
        epochs.addValueChangeListener(e -> { if (e.isFromClient()) onEdit.run(); });
        lr.addValueChangeListener(e -> { if (e.isFromClient()) onEdit.run(); });
        batchSize.addValueChangeListener(e -> { if (e.isFromClient()) onEdit.run(); });
        seed.addValueChangeListener(e -> { if (e.isFromClient()) onEdit.run(); });
        add(epochs, lr, batchSize, seed);
        addClassName("params");
    }

    private static void configure(IntegerField f, Param p) {
        f.setId(p.name().replace('_', '-'));
        f.setMin((int) p.min());
        f.setMax((int) p.max());
        f.setStepButtonsVisible(true);
        f.setHelperText((int) p.min() + " to " + (int) p.max());
    }

    private static void configure(NumberField f, Param p) {
        f.setId(p.name().replace('_', '-'));
        f.setMin(p.min());
        f.setMax(p.max());
        f.setStep(Math.min(0.001, p.min()));
        f.setHelperText(BigDecimal.valueOf(p.min()).stripTrailingZeros().toPlainString() + " to " + (long) p.max());
    }

    /** Fills the fields with {@code s} (the model is the caller's). */
    void show(RunSpec s) {
        epochs.setValue(s.epochs());
        lr.setValue(s.lr());
        batchSize.setValue(s.batchSize());
        seed.setValue(Long.toString(s.seed()));
    }

    /** Draws a new seed into the seed field. */
    void setSeed(long value) {
        seed.setValue(Long.toString(value));
    }

    /** The seed in the field, or 42 when it is not a number. */
    long seedOr42() {
        try {
            return Long.parseLong(seed.getValue().strip());
        } catch (NumberFormatException e) {
            return 42;
        }
    }

    /** The fields as a spec of {@code model}, or what is wrong with them. Changes nothing on the page. */
    Reading read(Model model) {
        List<Problem> problems = new ArrayList<>();
        missing(epochs, problems);
        missing(lr, problems);
        missing(batchSize, problems);
        if (!problems.isEmpty()) return new Reading(null, problems);
        RunSpec s;
        try {
            s = RunSpec.parse(key -> switch (key) {
                case "model" -> model.id;
                case "epochs" -> epochs.getValue().toString();
                case "lr" -> lr.getValue().toString();
                case "batch_size" -> batchSize.getValue().toString();
                case "seed" -> seed.getValue();
                default -> null;
            });
        } catch (IllegalArgumentException e) {
            return new Reading(null, List.of(new Problem(e.getMessage().startsWith("seed") ? seed : null, e.getMessage())));
        }
        for (String p : s.problems()) {
            problems.add(new Problem(p.startsWith("Epochs") ? epochs : p.startsWith("Learning rate") ? lr
                    : p.startsWith("Batch size") ? batchSize : null, p));
        }
        return problems.isEmpty() ? new Reading(s, List.of()) : new Reading(null, problems);
    }

    /** {@link #read}, then marks each field with its problem (and clears the marks of the right ones). */
    Reading check(Model model) {
        Reading r = read(model);
        for (HasValidation f : List.<HasValidation>of(epochs, lr, batchSize, seed)) f.setInvalid(false);
        for (Problem p : r.problems()) {
            if (p.field() == null) continue;
            p.field().setErrorMessage(p.message());
            p.field().setInvalid(true);
        }
        return r;
    }

    private static void missing(AbstractNumberField<?, ?> f, List<Problem> problems) {
        if (f.getValue() == null) problems.add(new Problem(f, f.getLabel() + " must be a number"));
    }
}
