package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.lessons.mnist.MnistCache;
import org.sevensteps.lessons.playground.LinearProbe;
import org.sevensteps.lessons.playground.LossPlayground;
import org.sevensteps.lessons.playground.LossPlayground.Kind;
import org.sevensteps.ui.code.CodePane;
import org.sevensteps.ui.code.SourceCode;
import org.sevensteps.ui.ports.Services;
import org.sevensteps.ui.shell.MainLayout;
import org.sevensteps.ui.widgets.Json;
import org.sevensteps.ui.widgets.Plot;
import org.sevensteps.ui.widgets.Plot.Series;
import org.sevensteps.ui.widgets.RangeInput;
import org.sevensteps.ui.widgets.SelfCheck;
import org.sevensteps.ui.widgets.UrlState;

/**
 * Lesson 2: three predictions a student drags, and how mnist_loss, MSE and L1 (and their slopes)
 * answer, next to accuracy, which does not move; then sigmoid, and a first look at cross entropy.
 */
@Route(value = "lessons/loss", layout = MainLayout.class)
@PageTitle("2. Loss | Seven Steps")
public class LossView extends PlaygroundView {
    private static final String[] IMAGE = {"image 1 (a 3)", "image 2 (a 7)", "image 3 (a 3)"};

    private final float[] preds = LossPlayground.EXAMPLE.clone();
    private int sweep = 2; // which prediction the loss curves move along: the last one moved
    private float score = 0f;
    private long seed = 7;
    private int target = 3;
    private float scale = 1f;

    private static final int CENTRE_PIXEL = 14 * 28 + 14;
    private static LinearProbe probe;
    private long weightSeed = 42;
    private final Select<Float> factorSelect = new Select<>();
    private final Div nudgeTable = new Div();
    private final Span nudgeText = readout("nudge-reading");

    private final RangeInput[] sliders = new RangeInput[3];
    private final Plot predsPlot = new Plot("predictions-plot", "The three predictions against their targets; drag a red point up or down",
            "image", "prediction (1 = surely a 3)").yRange(-0.05, 1.05).xRange(0.5, 3.5);
    private final Plot lossPlot = new Plot("loss-plot", "Each loss, and the error rate, as one prediction moves from 0 to 1",
            "the prediction that moved", "loss").yRange(0, 1.05);
    private final Div readings = new Div();
    private final Plot sigmoidPlot = new Plot("sigmoid-plot", "The sigmoid curve, with the chosen score marked", "score x", "sigmoid(x)")
            .yRange(0, 1);
    private final RangeInput scoreSlider = new RangeInput("score", "Score x", -6, 6, 0.1, 0, 1);
    private final Span sigmoidText = readout("sigmoid-reading");
    private final Div probabilities = new Div();
    private final Span crossEntropyText = readout("cross-entropy-reading");
    private final Select<Integer> targetSelect = new Select<>();
    private final RangeInput scaleSlider = new RangeInput("scale", "Multiply every score by", 1, 60, 1, 1, 0);

    public LossView() {
        super("loss", "a number that can guide learning");
        narrative(Map.of(
                "real-images", realImagesWidget(),
                "predictions", predictionsWidget(),
                "sigmoid", sigmoidWidget(),
                "cross-entropy", crossEntropyWidget(),
                "code", code(),
                "check", selfCheck()));
    }

    @Override
    void restore(UrlState url) {
        String[] p = url.text("p", "").split(",");
        if (p.length == 3) for (int i = 0; i < 3; i++) preds[i] = (float) prediction(url, p[i], preds[i]);
        sweep = (int) url.number("sweep", 1, 3, 3) - 1;
        score = (float) url.number("x", -6, 6, 0);
        seed = (long) url.number("seed", 0, 1e9, 7);
        target = (int) url.number("target", 0, 9, 3);
        scale = (float) url.number("scale", 1, 60, 1);
        weightSeed = (long) url.number("wseed", 0, 1e9, 42);
        for (int i = 0; i < 3; i++) sliders[i].setValue(preds[i]);
        scoreSlider.setValue(score);
        scaleSlider.setValue(scale);
        targetSelect.setValue(target);
        refresh();
    }

    private static double prediction(UrlState url, String raw, double fallback) {
        try {
            double v = Double.parseDouble(raw);
            if (v >= 0 && v <= 1) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        url.problems().add("p=" + raw + " is not a prediction between 0 and 1; using " + fallback + ".");
        return fallback;
    }

    // ------------------------------------------------------------ widgets

    private Component predictionsWidget() {
        Div sliderBox = new Div();
        sliderBox.addClassName("slider-column");
        for (int i = 0; i < 3; i++) {
            int k = i;
            sliders[i] = new RangeInput("prediction-" + (i + 1), "Prediction for " + IMAGE[i], 0, 1, 0.01, preds[i], 2);
            sliders[i].addValueListener(v -> {
                preds[k] = (float) v;
                sweep = k;
                refresh();
            });
            sliderBox.add(sliders[i]);
        }
        Button example = new Button("Worked example: 0.9, 0.4, 0.2", e -> {
            System.arraycopy(LossPlayground.EXAMPLE, 0, preds, 0, 3);
            for (int i = 0; i < 3; i++) sliders[i].setValue(preds[i]);
            refresh();
        });
        example.setId("worked-example");
        sliderBox.add(example);
        readings.setId("loss-readings");
        readings.addClassName("readings");
        predsPlot.canvasElement().executeJs("SevenStepsLoss.dragPoints(this, $0)", "prediction-1 prediction-2 prediction-3");
        Div row = new Div(sliderBox, predsPlot);
        row.addClassName("widget-row");
        return widget(row, readings, lossPlot);
    }

    private Component realImagesWidget() {
        factorSelect.setLabel("Multiply the weight of the centre pixel by");
        factorSelect.setItems(1.0001f, 1.01f, 2f);
        factorSelect.setItemLabelGenerator(v -> "× " + Json.shortNum(v));
        factorSelect.setValue(1.0001f);
        factorSelect.setId("nudge-factor");
        factorSelect.setWidth("22em");
        Button nudge = new Button("Nudge one weight", e -> nudge());
        nudge.setId("nudge");
        Button newWeights = new Button("New random weights", e -> {
            weightSeed = new java.util.Random().nextInt(1_000_000);
            nudge();
        });
        newWeights.setId("nudge-new-weights");
        nudgeText.setText("Press \"Nudge one weight\": the server predicts all 12,396 training 3s and 7s twice, before and after.");
        return widget(controls(factorSelect, nudge, newWeights), nudgeTable, nudgeText);
    }

    private void nudge() {
        LinearProbe probe;
        try {
            probe = probe();
        } catch (RuntimeException ex) {
            nudgeText.setText("The digits could not be loaded on this server: " + ex.getMessage());
            return;
        }
        LinearProbe.Nudge n = probe.nudge(weightSeed, CENTRE_PIXEL, factorSelect.getValue());
        int images = probe.images();
        nudgeTable.removeAll();
        nudgeTable.add(new Html("<table class=\"readings-table\"><caption>x·w + b on " + images + " training images, random weights (seed "
                + weightSeed + "); weight of pixel (14, 14) " + String.format(Locale.ROOT, "%.6f → %.6f", n.weightBefore(), n.weightBefore() * n.factor())
                + "</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">before</th><th scope=\"col\">after</th><th scope=\"col\">change</th></tr></thead><tbody>"
                + "<tr><th scope=\"row\">accuracy</th><td id=\"nudge-acc-before\">" + f4(n.before().accuracy()) + "</td><td id=\"nudge-acc-after\">"
                + f4(n.after().accuracy()) + "</td><td>" + String.format(Locale.ROOT, "%+.1e", n.after().accuracy() - n.before().accuracy()) + "</td></tr>"
                + "<tr><th scope=\"row\">mnist_loss</th><td id=\"nudge-loss-before\">" + String.format(Locale.ROOT, "%.7f", n.before().loss())
                + "</td><td id=\"nudge-loss-after\">" + String.format(Locale.ROOT, "%.7f", n.after().loss()) + "</td><td>"
                + String.format(Locale.ROOT, "%+.1e", n.after().loss() - n.before().loss()) + "</td></tr></tbody></table>"));
        boolean same = n.before().accuracy() == n.after().accuracy();
        nudgeText.setText(String.format(Locale.ROOT, "×%s: accuracy %s, mnist_loss %s by %.1e.", Json.shortNum(n.factor()),
                same ? "unchanged" : "changed", n.after().loss() < n.before().loss() ? "fell" : "rose",
                Math.abs(n.after().loss() - n.before().loss())));
        writeUrl();
    }

    /** The 3s and 7s of this server as one (N,784) tensor, built once and shared by every student. */
    private static LinearProbe probe() {
        MnistCache cache = Services.get(MnistCache.class);
        synchronized (LossView.class) {
            if (probe == null) probe = new LinearProbe(cache.get().threesAndSevens());
            return probe;
        }
    }

    private Component sigmoidWidget() {
        scoreSlider.addValueListener(v -> {
            score = (float) v;
            refreshSigmoid();
            writeUrl();
        });
        return widget(scoreSlider, sigmoidText, sigmoidPlot);
    }

    private Component crossEntropyWidget() {
        targetSelect.setLabel("The image really is a");
        targetSelect.setItems(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        targetSelect.setId("ce-target");
        targetSelect.addValueChangeListener(e -> {
            if (e.getValue() == null) return;
            target = e.getValue();
            refreshCrossEntropy();
            writeUrl();
        });
        scaleSlider.addValueListener(v -> {
            scale = (float) v;
            refreshCrossEntropy();
            writeUrl();
        });
        Button newScores = new Button("New random scores", e -> {
            seed = new java.util.Random().nextInt(1_000_000);
            refreshCrossEntropy();
            writeUrl();
        });
        newScores.setId("ce-new-scores");
        probabilities.setId("probabilities");
        probabilities.addClassName("bars");
        return widget(controls(targetSelect, scaleSlider, newScores), probabilities, crossEntropyText);
    }

    private static Component code() {
        return new Div(
                new CodePane("Our lesson code: LossPlayground.mnistLossNoSigmoid",
                        SourceCode.method(LossPlayground.class, "mnistLossNoSigmoid"),
                        """
                        def mnist_loss(predictions, targets):
                            return torch.where(targets==1, 1-predictions, predictions).mean()

                        trgts = tensor([1,0,1])
                        prds  = tensor([0.9, 0.4, 0.2])
                        mnist_loss(prds, trgts)   # tensor(0.4333)"""),
                new CodePane("Our engine: Losses.mnistLoss (with sigmoid)",
                        SourceCode.method(Losses.class, "mnistLoss"),
                        """
                        def mnist_loss(predictions, targets):
                            predictions = predictions.sigmoid()
                            return torch.where(targets==1, 1-predictions, predictions).mean()"""),
                new CodePane("Our lesson code: LossPlayground.read (a loss and its slopes)",
                        SourceCode.method(LossPlayground.class, "read"),
                        """
                        p = tensor([0.9, 0.4, 0.2]).requires_grad_()
                        loss = mnist_loss(p, trgts)
                        loss.backward()
                        p.grad   # tensor([-0.3333, 0.3333, -0.3333])"""));
    }

    private Component selfCheck() {
        return new SelfCheck()
                .number("q-loss", () -> String.format(Locale.ROOT,
                        "Your predictions are now %.2f, %.2f and %.2f for targets 1, 0, 1. What is mnist_loss (no sigmoid)? Work it out by hand.",
                        preds[0], preds[1], preds[2]),
                        () -> LossPlayground.read(Kind.MNIST, preds).value(), 0.002,
                        "Take 1 - p for each 3 and p for the 7, add the three, divide by 3.")
                .number("q-sigmoid", () -> "What is sigmoid(0)?", () -> LossPlayground.sigmoidAt(0).value(), 0.001,
                        "e^0 = 1, so sigmoid(0) = 1 / (1 + 1).")
                .choice("q-accuracy", "Why can't accuracy itself be the loss we minimise?",
                        List.of("It is too slow to compute",
                                "A small change to a weight almost never changes it, so its slope is zero almost everywhere",
                                "It can be larger than 1"),
                        "A small change to a weight almost never changes it, so its slope is zero almost everywhere",
                        "Gradient descent follows the slope; where accuracy is flat, the slope says nothing.");
    }

    // ------------------------------------------------------------ computing and drawing

    private void refresh() {
        refreshPredictions();
        refreshSigmoid();
        refreshCrossEntropy();
        writeUrl();
    }

    private void refreshPredictions() {
        float[] x = {1, 2, 3};
        predsPlot.show(String.format(Locale.ROOT, "Predictions %.2f, %.2f, %.2f; targets 1, 0, 1.", preds[0], preds[1], preds[2]),
                List.of(new Series("target (1 = a 3, 0 = a 7)", x, LossPlayground.TARGETS, "points"),
                        new Series("your prediction (drag me)", x, preds, "drag")));

        StringBuilder table = new StringBuilder("<table class=\"readings-table\"><caption>Each loss at your predictions, "
                + "and its slope: how much it changes per unit the prediction moves</caption><thead><tr><th scope=\"col\">loss</th>"
                + "<th scope=\"col\">value</th>");
        for (int i = 0; i < 3; i++) table.append("<th scope=\"col\">slope for ").append(IMAGE[i]).append("</th>");
        table.append("</tr></thead><tbody>");
        StringBuilder words = new StringBuilder();
        for (Kind kind : Kind.values()) {
            LossPlayground.Reading r = LossPlayground.read(kind, preds);
            String id = kind.name().toLowerCase(Locale.ROOT);
            table.append("<tr><th scope=\"row\">").append(kind.label).append("</th><td id=\"loss-").append(id).append("\">")
                    .append(f4(r.value())).append("</td>");
            for (int i = 0; i < 3; i++) {
                table.append("<td id=\"slope-").append(id).append('-').append(i + 1).append('"')
                        .append(i == sweep ? " class=\"moving\"" : "").append('>').append(f4(r.slopes()[i])).append("</td>");
            }
            table.append("</tr>");
            words.append(kind.label).append(' ').append(f4(r.value())).append(", ");
        }
        float acc = LossPlayground.accuracy(preds);
        table.append("<tr><th scope=\"row\">accuracy</th><td id=\"accuracy\">").append(f4(acc))
                .append("</td><td>0</td><td>0</td><td>0</td></tr></tbody></table>");
        readings.removeAll();
        readings.add(new Html(table.toString()));

        float[][] s = LossPlayground.sweep(preds, sweep, 51);
        float[] here = {preds[sweep]};
        List<Series> series = new ArrayList<>();
        for (Kind kind : Kind.values()) series.add(new Series(kind.label, s[0], s[1 + kind.ordinal()], "line"));
        series.add(new Series("error rate = 1 - accuracy", s[0], s[4], "step"));
        for (Kind kind : Kind.values()) {
            series.add(new Series(kind.label + " now", here, new float[] {LossPlayground.read(kind, preds).value()}, "marker"));
        }
        lossPlot.show("Moving the prediction for " + IMAGE[sweep] + ": " + words + "accuracy " + f4(acc) + ".", series);
    }

    private void refreshSigmoid() {
        float[][] curve = LossPlayground.sigmoidCurve(-6, 6, 61);
        LossPlayground.Reading r = LossPlayground.sigmoidAt(score);
        sigmoidPlot.show(String.format(Locale.ROOT, "sigmoid(%.1f) = %.4f", score, r.value()),
                List.of(new Series("sigmoid(x)", curve[0], curve[1], "line"),
                        new Series("your score", new float[] {score}, new float[] {r.value()}, "marker")));
        sigmoidText.setText(String.format(Locale.ROOT, "sigmoid(%.1f) = %.4f, slope %.4f. Scores (%.1f, %.1f, %.1f) through mnist_loss with sigmoid: %.4f",
                score, r.value(), r.slopes()[0], score, -score, score, LossPlayground.mnistLossOfScores(new float[] {score, -score, score})));
    }

    private void refreshCrossEntropy() {
        float[] scores = new float[10];
        new Rng(seed).fillNormal(scores);
        for (int i = 0; i < 10; i++) scores[i] *= 2f * scale;
        LossPlayground.CrossEntropy ce = LossPlayground.crossEntropy(scores, target);
        probabilities.removeAll();
        for (int d = 0; d < 10; d++) {
            Div bar = new Div();
            bar.addClassName("bar");
            bar.getStyle().set("height", Math.max(1, Math.round(ce.probabilities()[d] * 100)) + "%");
            Span label = new Span(d + ": " + String.format(Locale.ROOT, "%.2f", ce.probabilities()[d]));
            Div col = new Div(bar, label);
            col.addClassName("bar-col");
            if (d == target) col.addClassName("target");
            col.setId("bar-" + d);
            probabilities.add(col);
        }
        crossEntropyText.setText(String.format(Locale.ROOT,
                "Scores from %.1f to %.1f. Probability of the right digit %d: %.4f, cross entropy -log(p) = %.4f. "
                        + "logsumexp straight: %s; with the largest score taken out first: %.4f.",
                min(scores), max(scores), target, ce.probabilities()[target], ce.loss(),
                Float.isInfinite(ce.naiveLogSumExp()) ? "Infinity (exp overflowed)" : String.format(Locale.ROOT, "%.4f", ce.naiveLogSumExp()),
                ce.trickLogSumExp()));
    }

    private void writeUrl() {
        UrlState url = url();
        if (url == null) return;
        url.put("p", String.format(Locale.ROOT, "%.2f,%.2f,%.2f", preds[0], preds[1], preds[2]))
                .put("sweep", sweep + 1).put("x", String.format(Locale.ROOT, "%.1f", score))
                .put("seed", seed).put("target", target).put("scale", (int) scale).put("wseed", weightSeed).write();
    }

    private static String f4(float v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static float min(float[] a) {
        float m = a[0];
        for (float v : a) m = Math.min(m, v);
        return m;
    }

    private static float max(float[] a) {
        float m = a[0];
        for (float v : a) m = Math.max(m, v);
        return m;
    }
}
