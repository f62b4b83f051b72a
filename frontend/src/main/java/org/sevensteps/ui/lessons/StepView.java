package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sevensteps.engine.kernels.Optim;
import org.sevensteps.lessons.playground.RollerCoaster;
import org.sevensteps.ui.code.CodePane;
import org.sevensteps.ui.code.SourceCode;
import org.sevensteps.ui.shell.MainLayout;
import org.sevensteps.ui.widgets.Json;
import org.sevensteps.ui.widgets.Plot;
import org.sevensteps.ui.widgets.Plot.Series;
import org.sevensteps.ui.widgets.SelfCheck;
import org.sevensteps.ui.widgets.UrlState;

/**
 * Lesson 4: the roller-coaster. A quadratic fitted to 20 noisy speed measurements by SGD, one
 * {@code applyStep} per press of Step (or N per Train), the fit and the loss redrawn after each step;
 * then three learning rates side by side.
 */
@Route(value = "lessons/step", layout = MainLayout.class)
@PageTitle("4. Step | Seven Steps")
public class StepView extends PlaygroundView {
    static final double LR_MIN = 1e-8, LR_MAX = 1e-2;
    static final int MAX_STEPS = 2000;
    /** The most steps one press of Train takes. */
    static final int MAX_PER_TRAIN = 500;
    private static final float[] COMPARE = {1e-6f, 1e-5f, 1e-4f};

    private long seed = 42;
    private float lr = 1e-5f;
    private RollerCoaster ride = new RollerCoaster(seed);
    /** The steps taken so far as (count, lr) runs, so a link replays them exactly. */
    private final List<float[]> history = new ArrayList<>();
    private final List<Float> losses = new ArrayList<>();
    private final Deque<String> log = new ArrayDeque<>();
    private RollerCoaster.Step last;
    private float[] before; // a, b, c before the last step

    private final TextField lrField = new TextField("Learning rate");
    private final TextField stepsField = new TextField("Steps per Train");
    private final TextField seedField = new TextField("Seed");
    private final Span error = errorLine("step-error");
    private final Plot fit = new Plot("fit-plot", "Measured speeds and the model's predictions", "time (s)", "speed")
            .yRange(-300, 300);
    private final Plot lossPlot = new Plot("loss-plot", "The loss after each step, on a logarithmic scale", "step", "loss (mse)").logY();
    private final Div params = new Div();
    private final Pre stepLog = new Pre();
    private final Plot compare = new Plot("compare-plot", "The loss over 30 steps for three learning rates", "step", "loss (mse)").logY();
    private int stepsPerTrain = 10;

    public StepView() {
        super("step", "SGD and the learning rate");
        narrative(Map.of(
                "coaster", coasterWidget(),
                "compare", widget(compare),
                "code", code(),
                "check", selfCheck()));
    }

    @Override
    void restore(UrlState url) {
        seed = (long) url.number("seed", 0, 1e9, 42);
        lr = (float) url.number("lr", LR_MIN, LR_MAX, 1e-5);
        stepsPerTrain = (int) url.number("n", 1, MAX_PER_TRAIN, 10);
        restart();
        int total = 0;
        for (String run : url.text("run", "").split(",")) {
            if (run.isBlank()) continue;
            String[] nl = run.split("x", 2);
            try {
                int n = Integer.parseInt(nl[0]);
                float runLr = Float.parseFloat(nl[1]);
                if (n < 1 || runLr < LR_MIN || runLr > LR_MAX || (total += n) > MAX_STEPS) throw new NumberFormatException();
                for (int i = 0; i < n; i++) applyStep(runLr);
            } catch (RuntimeException e) {
                url.problems().add("run=" + run + " is not N steps at a learning rate (like 10x1e-05); the steps after it were not replayed.");
                break;
            }
        }
        lrField.setValue(Json.shortNum(lr));
        stepsField.setValue(Integer.toString(stepsPerTrain));
        seedField.setValue(Long.toString(seed));
        redraw();
        refreshCompare();
    }

    // ------------------------------------------------------------ widgets

    private Component coasterWidget() {
        lrField.setId("lr");
        lrField.setHelperText("between 1e-8 and 0.01");
        lrField.addValueChangeListener(e -> {
            if (e.isFromClient()) readLr();
        });
        stepsField.setId("steps");
        stepsField.setHelperText("1 to " + MAX_PER_TRAIN);
        stepsField.addValueChangeListener(e -> {
            if (e.isFromClient() && readSteps()) writeUrl();
        });
        seedField.setId("seed");
        Button tooSmall = lrButton("Too small: 1e-6", "1e-6", "lr-small");
        Button right = lrButton("Right: 1e-5", "1e-5", "lr-right");
        Button tooLarge = lrButton("Too large: 1e-4", "1e-4", "lr-large");
        Button step = new Button("Step", e -> step());
        step.setId("step");
        step.addThemeVariants(ButtonVariant.PRIMARY);
        Button train = new Button("Train N steps", e -> train());
        train.setId("train");
        Button reset = new Button("Reset (same seed)", e -> {
            if (readSeed()) {
                restart();
                redraw();
                refreshCompare();
            }
        });
        reset.setId("reset");
        Button newSeed = new Button("New seed", e -> {
            seed = new java.util.Random().nextInt(1_000_000);
            seedField.setValue(Long.toString(seed));
            restart();
            redraw();
            refreshCompare();
        });
        newSeed.setId("new-seed");
        lrField.addKeyPressListener(Key.ENTER, e -> step());
        params.setId("params");
        stepLog.setId("step-log");
        stepLog.addClassName("step-log");
        stepLog.getElement().setAttribute("tabindex", "0");
        stepLog.getElement().setAttribute("aria-label", "What each step printed");
        Div charts = new Div(fit, lossPlot);
        charts.addClassName("two-charts");
        return widget(controls(tooSmall, right, tooLarge), controls(lrField, stepsField, seedField),
                controls(step, train, reset, newSeed), error, params, charts, stepLog);
    }

    private Button lrButton(String text, String value, String id) {
        Button b = new Button(text, e -> {
            lrField.setValue(value);
            readLr();
        });
        b.setId(id);
        return b;
    }

    private static Component code() {
        return new Div(
                new CodePane("Our lesson code: RollerCoaster.applyStep",
                        SourceCode.method(RollerCoaster.class, "applyStep"),
                        """
                        def apply_step(params, prn=True):
                            preds = f(time, params)
                            loss = mse(preds, speed)
                            loss.backward()
                            params.data -= lr * params.grad.data
                            params.grad = None
                            if prn: print(loss.item())
                            return preds"""),
                new CodePane("Our lesson code: RollerCoaster.f (the model)",
                        SourceCode.method(RollerCoaster.class, "f"),
                        """
                        def f(t, params):
                            a, b, c = params
                            return a*(t**2) + (b*t) + c"""),
                new CodePane("Our engine: Optim.sgdAt (each number in sgd.step())",
                        SourceCode.method(Optim.class, "sgdAt"),
                        """
                        # torch.optim.SGD(params, lr).step(), with no momentum and no weight decay:
                        with torch.no_grad():
                            for p in params: p -= lr * p.grad"""));
    }

    private Component selfCheck() {
        return new SelfCheck()
                .number("q-step", () -> last == null
                                ? "Press Step first. Then: what did the step do to a?"
                                : String.format(Locale.ROOT, "Before your last step a was %s, its gradient was %s and the learning rate %s. "
                                        + "What was a after the step? (a − lr × gradient)", sci(before[0]), sci(last.grads()[0]), Json.shortNum(lrOfLastStep())),
                        () -> last == null ? Double.NaN : last.params()[0], 1e-3,
                        "A step moves every parameter against its gradient: a_new = a − lr × grad.")
                .choice("q-diverge", "Which learning rate made the loss explode on the roller-coaster?",
                        List.of("1e-6", "1e-5", "1e-4"), "1e-4",
                        "At 1e-4 each step jumps past the bottom of the valley and lands higher up the other side.")
                .choice("q-order", "In the seven steps, what comes right after computing the loss?",
                        List.of("Predict", "Compute the gradient", "Stop"), "Compute the gradient",
                        "Init, predict, loss, gradient, step, repeat, stop.");
    }

    // ------------------------------------------------------------ actions

    private void step() {
        if (!readLr()) return;
        applyStep(lr);
        redraw();
    }

    private void train() {
        if (!readLr() || !readSteps()) return;
        int n = stepsPerTrain;
        if (ride.steps() + n > MAX_STEPS) {
            fail(stepsField, "That would make more than " + MAX_STEPS + " steps in all; press Reset first.");
            return;
        }
        StringBuilder frames = new StringBuilder("[");
        int every = Math.max(1, n / 60); // at most ~60 frames of animation
        for (int i = 0; i < n; i++) {
            applyStep(lr);
            if ((i + 1) % every == 0 || i == n - 1) {
                frames.append(frames.length() > 1 ? "," : "").append("{\"step\":").append(ride.steps())
                        .append(",\"loss\":").append(Json.num(ride.loss())).append(",\"preds\":").append(Json.array(ride.predictions())).append('}');
            }
        }
        redraw();
        fit.canvasElement().executeJs("SevenStepsStep.animate(this, JSON.parse($0))", frames.append(']').toString());
    }

    /** One apply_step at {@code stepLr}, remembered for the log, the loss curve and the link. */
    private void applyStep(float stepLr) {
        before = ride.params();
        RollerCoaster.Step s = ride.applyStep(stepLr);
        last = s;
        if (losses.isEmpty()) losses.add(s.loss());
        losses.add(ride.loss());
        float[] run = history.isEmpty() ? null : history.get(history.size() - 1);
        if (run != null && run[1] == stepLr) run[0]++;
        else history.add(new float[] {1, stepLr});
        log.addFirst(String.format(Locale.ROOT, "step %d  lr %s  loss %s  grads a %s b %s c %s  →  a %s b %s c %s",
                s.number(), Json.shortNum(stepLr), sci(s.loss()), sci(s.grads()[0]), sci(s.grads()[1]), sci(s.grads()[2]),
                sci(s.params()[0]), sci(s.params()[1]), sci(s.params()[2])));
        while (log.size() > 200) log.removeLast();
    }

    private void restart() {
        ride = new RollerCoaster(seed);
        history.clear();
        losses.clear();
        log.clear();
        last = null;
        before = null;
        error.setText("");
    }

    private boolean readLr() {
        String raw = lrField.getValue().strip();
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return fail(lrField, "The learning rate must be a number, like 1e-5 or 0.00001, not \"" + raw + "\".");
        }
        if (!(v >= LR_MIN && v <= LR_MAX)) {
            return fail(lrField, "The learning rate must be between 1e-8 and 0.01 (got " + raw + ").");
        }
        lrField.setInvalid(false);
        error.setText("");
        lr = (float) v;
        writeUrl();
        return true;
    }

    /** Reads "Steps per Train" into {@code stepsPerTrain}; false, with a message, when it is not 1 to 500. */
    private boolean readSteps() {
        String raw = stepsField.getValue().strip();
        int n;
        try {
            n = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return fail(stepsField, "Steps must be a whole number from 1 to " + MAX_PER_TRAIN + ", not \"" + raw + "\".");
        }
        if (n < 1 || n > MAX_PER_TRAIN) return fail(stepsField, "Steps must be from 1 to " + MAX_PER_TRAIN + " (got " + n + ").");
        stepsField.setInvalid(false);
        error.setText("");
        stepsPerTrain = n;
        return true;
    }

    private boolean readSeed() {
        try {
            long s = Long.parseLong(seedField.getValue().strip());
            if (s < 0 || s > 1_000_000_000L) throw new NumberFormatException();
            seed = s;
            seedField.setInvalid(false);
            return true;
        } catch (NumberFormatException e) {
            return fail(seedField, "The seed must be a whole number from 0 to 1000000000.");
        }
    }

    private boolean fail(TextField field, String text) {
        field.setInvalid(true);
        field.setErrorMessage(text);
        error.setText(text);
        return false;
    }

    private float lrOfLastStep() {
        return history.isEmpty() ? lr : history.get(history.size() - 1)[1];
    }

    // ------------------------------------------------------------ drawing

    private void redraw() {
        float loss = ride.loss();
        float[] p = ride.params();
        boolean finite = Float.isFinite(loss);
        String state = ride.steps() == 0 ? "Step 0: the random first guess."
                : !finite ? "The loss is no longer a finite number: every step overshot further than the one before, "
                        + "and the parameters flew off to infinity. Reset and pick a smaller learning rate."
                : losses.size() > 1 && losses.get(losses.size() - 1) > losses.get(losses.size() - 2)
                        ? "The loss went UP at this step: the learning rate is too large for this valley."
                        : "The loss went down.";
        fit.canvasElement().executeJs("SevenStepsStep.stop(this)");
        fit.show(String.format(Locale.ROOT, "Step %d: loss %s. %s", ride.steps(), sci(loss), state),
                List.of(new Series("measured speed", ride.times(), ride.speeds(), "points"),
                        new Series("prediction a·t² + b·t + c", ride.times(), ride.predictions(), "points")));
        float[] steps = new float[losses.size()], values = new float[losses.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i;
            values[i] = losses.get(i);
        }
        lossPlot.show(losses.size() <= 1 ? "No steps yet." : String.format(Locale.ROOT, "Loss from %s at step 0 to %s at step %d.",
                sci(losses.get(0)), sci(loss), ride.steps()), List.of(new Series("loss", steps, values, "line")));
        String grads = last == null ? "<td>–</td><td>–</td><td>–</td>"
                : "<td id=\"grad-a\">" + sci(last.grads()[0]) + "</td><td id=\"grad-b\">" + sci(last.grads()[1]) + "</td><td id=\"grad-c\">" + sci(last.grads()[2]) + "</td>";
        params.removeAll();
        params.add(new Html("<table class=\"readings-table\"><caption>Step <span id=\"step-count\">" + ride.steps()
                + "</span>, loss <span id=\"loss-now\" data-loss=\"" + loss + "\">" + sci(loss) + "</span></caption>"
                + "<thead><tr><th scope=\"col\"></th><th scope=\"col\">a</th><th scope=\"col\">b</th><th scope=\"col\">c</th></tr></thead><tbody>"
                + "<tr><th scope=\"row\">value</th><td id=\"param-a\">" + sci(p[0]) + "</td><td id=\"param-b\">" + sci(p[1])
                + "</td><td id=\"param-c\">" + sci(p[2]) + "</td></tr>"
                + "<tr><th scope=\"row\">gradient at the last step</th>" + grads + "</tr></tbody></table>"));
        stepLog.setText(log.isEmpty() ? "Press Step: each step prints its loss, gradients and new parameters here (newest first)."
                : String.join("\n", log));
        writeUrl();
    }

    private void refreshCompare() {
        List<Series> series = new ArrayList<>();
        StringBuilder words = new StringBuilder("After 30 steps: ");
        for (float r : COMPARE) {
            float[] curve = RollerCoaster.lossCurve(seed, r, 30);
            float[] x = new float[curve.length];
            for (int i = 0; i < x.length; i++) x[i] = i;
            String name = "lr " + Json.shortNum(r) + (r == 1e-6f ? " (too small)" : r == 1e-5f ? " (right)" : " (too large)");
            series.add(new Series(name, x, curve, "line"));
            words.append(name).append(" → ").append(Float.isFinite(curve[30]) ? sci(curve[30]) : "infinity").append("; ");
        }
        compare.show(words.toString(), series);
    }

    /** seed, lr, n (steps per Train) and run (the steps taken): everything a link needs to show this page again. */
    private void writeUrl() {
        UrlState url = url();
        if (url == null) return;
        StringBuilder run = new StringBuilder();
        for (float[] r : history) run.append(run.isEmpty() ? "" : ",").append((int) r[0]).append('x').append(Json.shortNum(r[1]));
        url.put("seed", seed).put("lr", Json.shortNum(lr)).put("n", stepsPerTrain).put("run", run).write();
    }

    private static String sci(float v) {
        if (!Float.isFinite(v)) return Float.isNaN(v) ? "NaN" : v > 0 ? "∞" : "-∞";
        double a = Math.abs(v);
        return a != 0 && (a >= 1e5 || a < 1e-3) ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
