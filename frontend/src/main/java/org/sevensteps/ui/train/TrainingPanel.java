package org.sevensteps.ui.train;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.Param;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.ui.charts.LiveChart;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.RunService;
import org.sevensteps.ui.ports.RunService.Control;
import org.sevensteps.ui.ports.Services;

/**
 * Trains one model on the server and shows it live. The spec in the fields (model, epochs, learning
 * rate, batch size, seed) fully describes the run; every change is reported to {@code onSpecChange}
 * so the view can put it in the URL.
 *
 * <ul>
 *   <li><b>Train</b> starts a run with the fields' spec, or resumes a paused one.
 *   <li><b>Pause</b> holds the run at its next batch; <b>Step</b> does exactly one more batch (starting
 *       a paused run first if there is none).
 *   <li><b>Reset</b> drops the run and the curves; Train then repeats it exactly (same seed).
 *   <li><b>New seed</b> draws another seed: other initial weights, another shuffle.
 * </ul>
 */
public class TrainingPanel extends Div {
    private final RunService runs = Services.get(RunService.class);
    private Model model;
    private final Consumer<RunSpec> onSpecChange;

    private final IntegerField epochs = new IntegerField("Epochs");
    private final NumberField lr = new NumberField("Learning rate");
    private final IntegerField batchSize = new IntegerField("Batch size");
    private final TextField seed = new TextField("Seed");
    private final Button train = new Button("Train");
    private final Button pause = new Button("Pause");
    private final Button step = new Button("Step one batch");
    private final Button reset = new Button("Reset (same seed)");
    private final Button newSeed = new Button("New seed");
    private final Span status = new Span("Ready.");
    private final Span latest = new Span();
    private final Div weights = new Div();
    private final Div report = new Div();
    private final Div afterRun = new Div();
    private final YourRuns yourRuns = new YourRuns(runs, this::restarted, status::setText);
    private String runId;

    /**
     * @param spec the spec to show first (from the URL, or the lesson's defaults)
     * @param onSpecChange told about every valid change of the fields
     */
    public TrainingPanel(RunSpec spec, Consumer<RunSpec> onSpecChange) {
        this.model = spec.modelEnum();
        this.onSpecChange = onSpecChange;
        addClassName("training-panel");
        getElement().setAttribute("data-model", model.id);
        add(fields(), buttons(), statusLine());
        add(charts(), yourRuns, new H3("First-layer weights"), weightsNote(), weights, report, afterRun);
        afterRun.setId("after-run");
        weights.addClassName("weights");
        weights.setId("weights");
        report.addClassName("report");
        report.setId("report");
        show(spec);
        yourRuns.refresh(model.id);
        onSpecChange.accept(spec); // the URL names the seed from the start, so the page can be shared as is
    }

    /** The spec in the fields when it is valid (null otherwise), for questions about the student's settings. */
    public RunSpec currentSpec() {
        return readSpec();
    }

    /** The validation accuracy of the panel's last run, once it finished; null before. */
    public Double lastAccuracy() {
        return runId == null ? null : runs.finalAccuracy(runId, Caller.current()).orElse(null);
    }

    /** Switches to another model (e.g. simple-net → mlp) with that model's defaults and the same seed. */
    public void switchModel(Model other) {
        resetRun();
        long keepSeed = currentSeed();
        model = other;
        getElement().setAttribute("data-model", model.id);
        show(RunSpec.defaults(other).withSeed(keepSeed));
        yourRuns.refresh(model.id);
        specChanged();
    }

    /** Called by the browser when the run it follows ended: the table of runs gets it. */
    @ClientCallable
    void runEnded() {
        yourRuns.refresh(model.id);
    }

    /** A Restart press in the table of runs: the fields show the old run's spec, the panel follows the new run. */
    private void restarted(RunService.RunSummary old, RunService.StartedRun started) {
        resetRun();
        show(old.spec());
        specChanged();
        follow(started);
    }

    private Div fields() {
        List<Param> params = model.params();
        configure(epochs, params.get(0));
        configure(lr, params.get(1));
        configure(batchSize, params.get(2));
        seed.setId("seed");
        seed.setPattern("[0-9]{1,15}");
        seed.setHelperText("Same seed, same run");
        // Only the student's edits go to the URL; values set by the code (show) would report half-set specs.
        epochs.addValueChangeListener(e -> { if (e.isFromClient()) specChanged(); });
        lr.addValueChangeListener(e -> { if (e.isFromClient()) specChanged(); });
        batchSize.addValueChangeListener(e -> { if (e.isFromClient()) specChanged(); });
        seed.addValueChangeListener(e -> { if (e.isFromClient()) specChanged(); });
        Div box = new Div(epochs, lr, batchSize, seed);
        box.addClassName("params");
        return box;
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
        f.setHelperText(java.math.BigDecimal.valueOf(p.min()).stripTrailingZeros().toPlainString() + " to " + (long) p.max());
    }

    private Div buttons() {
        train.setId("train");
        train.addThemeVariants(ButtonVariant.PRIMARY);
        train.addClickListener(e -> train());
        pause.setId("pause");
        pause.addClickListener(e -> {
            getElement().setAttribute("data-stepping", "true");
            control(Control.PAUSE, "Paused: the run holds before its next batch.");
        });
        step.setId("step");
        step.addClickListener(e -> step());
        reset.setId("reset");
        reset.addClickListener(e -> resetRun());
        newSeed.setId("new-seed");
        newSeed.addClickListener(e -> {
            resetRun();
            seed.setValue(Long.toString(ThreadLocalRandom.current().nextLong(1, 1_000_000)));
            specChanged();
        });
        Div box = new Div(train, pause, step, reset, newSeed);
        box.addClassName("controls");
        return box;
    }

    private Div statusLine() {
        status.setId("train-status");
        status.getElement().setAttribute("role", "status");
        Span backend = new Span("Engine: " + runs.backendDescription());
        backend.addClassName("backend");
        latest.setId("latest");
        latest.addClassName("latest");
        latest.getElement().setAttribute("aria-live", "polite");
        Div box = new Div(status, backend, latest);
        box.addClassName("status-line");
        return box;
    }

    private Div charts() {
        LiveChart loss = new LiveChart("loss-chart", "epoch", "loss", "train loss (batches)", "valid loss (epochs)");
        LiveChart accuracy = new LiveChart("accuracy-chart", "epoch", "validation accuracy", "valid accuracy");
        loss.getElement().setAttribute("aria-label", "Training and validation loss; the latest values are written above.");
        accuracy.getElement().setAttribute("aria-label", "Validation accuracy per epoch; the latest value is written above.");
        Div box = new Div(loss, accuracy);
        box.addClassName("chart-pair");
        return box;
    }

    private Paragraph weightsNote() {
        return new Paragraph("Each square is one unit of the first layer: the weight it gives each of the 784 pixels "
                + "(blue negative, red positive). Watch them turn from noise into strokes as the model learns.");
    }

    private void show(RunSpec s) {
        epochs.setValue(s.epochs());
        lr.setValue(s.lr());
        batchSize.setValue(s.batchSize());
        seed.setValue(Long.toString(s.seed()));
    }

    private long currentSeed() {
        try {
            return Long.parseLong(seed.getValue().strip());
        } catch (NumberFormatException e) {
            return 42;
        }
    }

    /** The spec in the fields, or null with the fields' error messages set. */
    private RunSpec readSpec() {
        if (missing(epochs, epochs.getValue()) || missing(lr, lr.getValue()) || missing(batchSize, batchSize.getValue())) {
            return null;
        }
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
            status.setText(e.getMessage());
            return null;
        }
        List<String> problems = s.problems();
        epochs.setInvalid(false);
        lr.setInvalid(false);
        batchSize.setInvalid(false);
        for (String p : problems) {
            if (p.startsWith("Epochs")) mark(epochs, p);
            if (p.startsWith("Learning rate")) mark(lr, p);
            if (p.startsWith("Batch size")) mark(batchSize, p);
        }
        if (!problems.isEmpty()) {
            status.setText(String.join("; ", problems));
            return null;
        }
        return s;
    }

    /** True, with a message, when a number field is empty or holds something that is not a number. */
    private boolean missing(com.vaadin.flow.component.textfield.AbstractNumberField<?, ?> f, Number value) {
        if (value != null) return false;
        String message = f.getLabel() + " must be a number";
        mark(f, message);
        status.setText(message);
        return true;
    }

    private static void mark(HasValidation f, String message) {
        f.setErrorMessage(message);
        f.setInvalid(true);
    }

    private void specChanged() {
        RunSpec s = readSpec();
        if (s != null) onSpecChange.accept(s);
    }

    private void train() {
        getElement().setAttribute("data-stepping", "false");
        if (runId != null) {
            control(Control.RESUME, "Training…");
            return;
        }
        RunSpec s = readSpec();
        if (s == null) return;
        try {
            follow(runs.start(s, Caller.current()));
        } catch (RuntimeException e) {
            status.setText(e.getMessage());
        }
    }

    private void step() {
        getElement().setAttribute("data-stepping", "true"); // the browser then says where the run holds
        if (runId != null) {
            control(Control.STEP, null); // the browser reports the batch when its event arrives
            return;
        }
        RunSpec s = readSpec();
        if (s == null) return;
        try {
            follow(runs.startPaused(s, Caller.current()));
            runs.control(runId, Control.STEP, Caller.current());
        } catch (RuntimeException e) {
            status.setText(e.getMessage());
        }
    }

    private void follow(RunService.StartedRun started) {
        runId = started.id();
        status.setText(started.queuePosition() == 0 ? "Starting…" : "Waiting for the engine: " + started.queuePosition() + " ahead.");
        status.getElement().setAttribute("data-run", runId);
        getElement().executeJs("SevenSteps.watchTraining(this, $0)", runId);
    }

    private void control(Control action, String message) {
        if (runId == null) {
            status.setText("Nothing is running: press Train first.");
            return;
        }
        try {
            runs.control(runId, action, Caller.current());
            if (message != null) status.setText(message);
        } catch (RuntimeException e) {
            status.setText(e.getMessage());
        }
    }

    /** Drops the current run (cancelling it if it still works) and clears the curves. */
    private void resetRun() {
        if (runId != null) {
            try {
                runs.control(runId, Control.CANCEL, Caller.current());
            } catch (RuntimeException ignored) {
                // it ended already
            }
        }
        runId = null;
        status.getElement().removeAttribute("data-run");
        status.setText("Ready. Train repeats the run exactly: same seed, same numbers.");
        getElement().executeJs("SevenSteps.resetTraining(this)");
    }
}
