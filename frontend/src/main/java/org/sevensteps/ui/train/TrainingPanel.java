package org.sevensteps.ui.train;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.sevensteps.lessons.spec.Model;
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
 *   <li><b>Train</b> starts a run with the fields' spec, or resumes a paused one. The browser handles
 *       it ({@code SevenSteps.trainingPanel}): it posts the fields to {@code /api/runs} and follows the
 *       run's socket at once, then hands the run to this panel ({@link #adopt}), so the curve starts
 *       without a round trip through Vaadin first.
 *   <li><b>Pause</b> holds the run at its next batch; <b>Step</b> does exactly one more batch (starting
 *       a paused run first if there is none). The browser sends both, and Train's resume, straight to
 *       the run's REST calls ({@code /api/runs/{id}/pause|step|resume}); only a Step with no run comes
 *       here ({@link #stepNew}).
 *   <li><b>Reset</b> drops the run and the curves; Train then repeats it exactly (same seed).
 *   <li><b>New seed</b> draws another seed: other initial weights, another shuffle.
 * </ul>
 */
public class TrainingPanel extends Div {
    private final RunService runs = Services.get(RunService.class);
    private Model model;
    private final Consumer<RunSpec> onSpecChange;

    private final SpecFields fields;
    private final Button train = new Button("Train");
    private final Button pause = new Button("Pause");
    private final Button step = new Button("Step one batch");
    private final Button reset = new Button("Reset (same seed)");
    private final Button newSeed = new Button("New seed");
    private final Span status = new Span("Ready.");
    private final Span latest = new Span();
    private final H3 weightsTitle = new H3();
    private final Paragraph weightsNote = new Paragraph();
    private final Div weights = new Div();
    private final Div report = new Div();
    private final Div afterRun = new Div();
    private final YourRuns yourRuns = new YourRuns(runs, this::restarted, status::setText);
    private final RunComparison comparison = new RunComparison();
    private final List<String> lessonModels;
    private String runId;

    /**
     * @param spec the spec to show first (from the URL, or the lesson's defaults)
     * @param lessonModels the models of the lesson, whose runs the table of runs shows
     * @param onSpecChange told about every valid change of the fields (the model included)
     */
    public TrainingPanel(RunSpec spec, List<Model> lessonModels, Consumer<RunSpec> onSpecChange) {
        this.model = spec.modelEnum();
        this.lessonModels = lessonModels.stream().map(m -> m.id).toList();
        this.onSpecChange = onSpecChange;
        this.fields = new SpecFields(model, this::specChanged);
        addClassName("training-panel");
        showModel();
        add(fields, buttons(), statusLine());
        add(charts(), weightsTitle, weightsNote, weights, report, comparison, yourRuns, afterRun);
        afterRun.setId("after-run");
        weights.addClassName("weights");
        weights.setId("weights");
        report.addClassName("report");
        report.setId("report");
        fields.show(spec);
        refreshRuns();
        onSpecChange.accept(spec); // the URL names the seed from the start, so the page can be shared as is
    }

    /**
     * The spec in the fields when it is valid, null otherwise: for questions about the student's
     * settings. It only reads; messages about wrong values appear when the student edits or trains.
     */
    public RunSpec currentSpec() {
        return fields.read(model).spec();
    }

    /** The validation accuracy of the panel's last run, once it finished; null before. */
    public Double lastAccuracy() {
        return runId == null ? null : runs.finalAccuracy(runId, Caller.current()).orElse(null);
    }

    /**
     * Switches to another model with the same seed. Between models trained alike (the CNN and its fix:
     * the same defaults) the student's epochs, learning rate and batch size stay, so the two runs differ
     * only in the model; otherwise (simple-net → mlp) the other model's defaults come in.
     */
    public void switchModel(Model other) {
        resetRun();
        long keepSeed = fields.seedOr42();
        RunSpec current = fields.read(model).spec();
        boolean alike = other.defaultEpochs == model.defaultEpochs && other.defaultLr == model.defaultLr
                && other.defaultBatchSize == model.defaultBatchSize;
        model = other;
        showModel();
        fields.show(alike && current != null
                ? new RunSpec(other.id, current.epochs(), current.lr(), current.batchSize(), keepSeed, current.backend())
                : RunSpec.defaults(other).withSeed(keepSeed));
        specChanged();
    }

    /** Reloads the table of runs; the comparison charts add the runs they do not show yet. */
    private void refreshRuns() {
        yourRuns.refresh(lessonModels);
        getElement().executeJs("SevenSteps.compareStored(this)");
    }

    /** Called by the browser when the run it follows ended: the table of runs gets it. */
    @ClientCallable
    void runEnded() {
        refreshRuns();
    }

    /**
     * A Restart press in the table of runs: the panel switches to the old run's model if need be, the
     * fields show its spec, and the panel follows the new run.
     */
    private void restarted(RunService.RunSummary old, RunService.StartedRun started) {
        resetRun();
        model = old.spec().modelEnum();
        showModel();
        fields.show(old.spec());
        specChanged();
        follow(started, old.spec());
    }

    private Div buttons() {
        train.setId("train");
        train.addThemeVariants(ButtonVariant.PRIMARY);
        getElement().executeJs("SevenSteps.trainingPanel(this)"); // Train is the browser's: see the class comment
        pause.setId("pause"); // Pause and Step are the browser's too
        step.setId("step");
        reset.setId("reset");
        reset.addClickListener(e -> resetRun());
        newSeed.setId("new-seed");
        newSeed.addClickListener(e -> {
            resetRun();
            fields.setSeed(ThreadLocalRandom.current().nextLong(1, 1_000_000));
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
        LiveChart loss = new LiveChart("loss-chart", "epoch", "loss", "train loss (batches)", "valid loss (epochs)",
                "train loss (epochs)");
        LiveChart accuracy = new LiveChart("accuracy-chart", "epoch", "validation accuracy", "valid accuracy");
        loss.getElement().setAttribute("aria-label", "Training and validation loss; the latest values are written above.");
        accuracy.getElement().setAttribute("aria-label", "Validation accuracy per epoch; the latest value is written above.");
        Div box = new Div(loss, accuracy);
        box.addClassName("chart-pair");
        return box;
    }

    /** The spec in the fields, or null after marking the wrong fields and saying what is wrong in the status line. */
    private RunSpec readSpec() {
        SpecFields.Reading r = fields.check(model);
        if (r.spec() == null) status.setText(r.summary());
        return r.spec();
    }

    private void specChanged() {
        RunSpec s = readSpec();
        if (s != null) onSpecChange.accept(s);
    }

    /** The model's id and title on the element, for the browser's Train. */
    private void showModel() {
        getElement().setAttribute("data-model", model.id);
        getElement().setAttribute("data-model-title", model.title);
        boolean conv = model == Model.CNN || model == Model.CNN_FIXED;
        weightsTitle.setText(conv ? "First-layer filters and feature maps" : "First-layer weights");
        weightsNote.setText(conv
                ? "Each small square is one of the 16 filters of the first convolution: its 3×3 weights (blue negative, "
                        + "red positive). Beside them, the 16 feature maps of one validation digit: what each filter finds "
                        + "in it (bright: strongly). Both are redrawn during training."
                : "Each square is one unit of the first layer: the weight it gives each of the 784 pixels "
                        + "(blue negative, red positive). Watch them turn from noise into strokes as the model learns.");
    }

    /**
     * Called by the browser once its Train started run {@code id}: Pause, Step and Reset act on it from
     * now on. Ignored for a run the caller may not see.
     */
    @ClientCallable
    void adopt(String id) {
        if (runs.state(id, Caller.current()).isEmpty()) return;
        runId = id;
        status.getElement().setAttribute("data-run", runId);
    }

    /** Called by the browser's Train when a field is empty or the server refused the fields: marks what is wrong. */
    @ClientCallable
    void checkFields() {
        readSpec();
    }

    /**
     * Called by the browser's Step when the panel has no run going: starts a run that holds before its
     * first batch and does that one batch; the browser reports it when its event arrives.
     */
    @ClientCallable
    void stepNew() {
        RunSpec s = readSpec();
        if (s == null) return;
        try {
            follow(runs.startPaused(s, Caller.current()), s);
            runs.control(runId, Control.STEP, Caller.current());
        } catch (RuntimeException e) {
            status.setText(e.getMessage());
        }
    }

    private void follow(RunService.StartedRun started, RunSpec spec) {
        runId = started.id();
        status.setText(started.queuePosition() == 0 ? "Starting…" : "Waiting for the engine: " + started.queuePosition() + " ahead.");
        status.getElement().setAttribute("data-run", runId);
        getElement().executeJs("SevenSteps.watchTraining(this, $0, {id: $1, model: $2, seed: $3, epochs: $4, lr: $5})", runId,
                spec.model(), spec.modelEnum().title, Long.toString(spec.seed()), spec.epochs(), spec.lr());
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
