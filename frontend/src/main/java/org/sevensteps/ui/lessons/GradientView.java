package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sevensteps.engine.autograd.GradCheck;
import org.sevensteps.engine.autograd.Graph;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.playground.GradientPlayground;
import org.sevensteps.lessons.playground.GradientPlayground.Node;
import org.sevensteps.ui.code.CodePane;
import org.sevensteps.ui.code.SourceCode;
import org.sevensteps.ui.shell.MainLayout;
import org.sevensteps.ui.widgets.Json;
import org.sevensteps.ui.widgets.Plot;
import org.sevensteps.ui.widgets.Plot.Series;
import org.sevensteps.ui.widgets.RangeInput;
import org.sevensteps.ui.widgets.SelfCheck;
import org.sevensteps.ui.widgets.UrlState;

/**
 * Lesson 3: the slope of x² from autograd with its tangent line, gradients of a vector, how they
 * accumulate, a finite-difference check, a computation graph with a value and a gradient on every
 * node, and backpropagation by hand checked against autograd.
 */
@Route(value = "lessons/gradient", layout = MainLayout.class)
@PageTitle("3. Gradient | Seven Steps")
public class GradientView extends PlaygroundView {
    private static final List<Float> STEPS_H = List.of(1f, 0.1f, 0.01f, 0.001f, 0.0001f);

    private float x = 3f;
    private float h = 0.01f;
    private float[] values = {3, 4, 10};
    private float a = 2, b = -3, c = 10;
    private long seed = 7;

    private final RangeInput xSlider = new RangeInput("x", "x: the point on the curve", -4, 4, 0.1, 3, 1);
    private final Plot curve = new Plot("tangent-plot", "The curve x squared with the tangent line at the chosen point",
            "x", "f(x) = x²").yRange(-4, 20);
    private final Span slopeText = readout("slope-reading");
    private final Select<Float> hSelect = new Select<>();
    private final Span numericText = readout("numeric-reading");

    private final TextField valuesField = new TextField("x, as numbers separated by commas");
    private final Checkbox noGrad = new Checkbox("Run the forward pass inside no_grad");
    private final Span gradText = readout("grad-reading");
    private final Span gradError = errorLine("grad-error");
    private GradientPlayground.Accumulator acc = new GradientPlayground.Accumulator(values);

    private final TextField[] abc = {new TextField("a"), new TextField("b"), new TextField("c")};
    private final Div graph = new Div();
    private final Span graphText = readout("graph-reading");
    private final Span graphError = errorLine("graph-error");

    private final Div handCheck = new Div();

    public GradientView() {
        super("gradient", "derivatives and autograd");
        narrative(Map.of(
                "tangent", tangentWidget(),
                "vector", vectorWidget(),
                "graph", graphWidget(),
                "by-hand", byHandWidget(),
                "code", code(),
                "check", selfCheck()));
    }

    @Override
    void restore(UrlState url) {
        x = (float) url.number("x", -4, 4, 3);
        h = (float) url.number("h", 0.0001, 1, 0.01);
        if (!STEPS_H.contains(h)) h = 0.01f;
        a = (float) url.number("a", -100, 100, 2);
        b = (float) url.number("b", -100, 100, -3);
        c = (float) url.number("c", -100, 100, 10);
        seed = (long) url.number("seed", 0, 1e9, 7);
        String raw = url.text("values", "3,4,10");
        try {
            values = parseValues(raw);
        } catch (IllegalArgumentException e) {
            url.problems().add("values=" + raw + ": " + e.getMessage() + " Using 3, 4, 10.");
            values = new float[] {3, 4, 10};
        }
        xSlider.setValue(x);
        hSelect.setValue(h);
        valuesField.setValue(list(values));
        abc[0].setValue(fmt(a));
        abc[1].setValue(fmt(b));
        abc[2].setValue(fmt(c));
        acc = new GradientPlayground.Accumulator(values);
        acc.backward();
        refreshTangent();
        showGrad("sum(x²).backward() called once.");
        refreshGraph();
        refreshHandCheck();
        writeUrl();
    }

    // ------------------------------------------------------------ widgets

    private Component tangentWidget() {
        xSlider.addValueListener(v -> {
            x = (float) v;
            refreshTangent();
            writeUrl();
        });
        hSelect.setLabel("Step h for the finite difference");
        hSelect.setItems(STEPS_H);
        hSelect.setItemLabelGenerator(v -> String.format(Locale.ROOT, "%s", Json.shortNum(v)));
        hSelect.setId("h");
        hSelect.addValueChangeListener(e -> {
            if (e.getValue() == null) return;
            h = e.getValue();
            refreshTangent();
            writeUrl();
        });
        Div left = new Div(xSlider, slopeText, hSelect, numericText);
        left.addClassName("slider-column");
        Div row = new Div(left, curve);
        row.addClassName("widget-row");
        return widget(row);
    }

    private Component vectorWidget() {
        valuesField.setId("values");
        valuesField.setWidthFull();
        Button compute = new Button("New x: compute sum(x²), then backward()", e -> {
            try {
                values = parseValues(valuesField.getValue());
                valuesField.setInvalid(false);
                acc = new GradientPlayground.Accumulator(values);
                backwardOnce("New x; sum(x²).backward() called once.");
                writeUrl();
            } catch (IllegalArgumentException ex) {
                valuesField.setInvalid(true);
                valuesField.setErrorMessage(ex.getMessage());
                gradError.setText(ex.getMessage());
            }
        });
        compute.setId("compute-grad");
        Button again = new Button("backward() again", e -> backwardOnce("backward() again, without zero_grad: the new 2x was added to x.grad."));
        again.setId("backward-again");
        Button zero = new Button("zero_grad()", e -> {
            acc.zeroGrad();
            showGrad("zero_grad(): x.grad is back to zeros.");
        });
        zero.setId("zero-grad");
        noGrad.setId("no-grad");
        return widget(valuesField, controls(compute, again, zero, noGrad), gradText, gradError);
    }

    private void backwardOnce(String note) {
        try {
            if (noGrad.getValue()) acc.backwardUnderNoGrad();
            else acc.backward();
            showGrad(note);
        } catch (IllegalStateException ex) {
            gradError.setText("The engine refused: " + ex.getMessage());
        }
    }

    private Component graphWidget() {
        for (int i = 0; i < 3; i++) {
            abc[i].setId("graph-" + "abc".charAt(i));
            abc[i].setWidth("7em");
            abc[i].addValueChangeListener(e -> {
                if (e.isFromClient()) refreshGraph();
            });
        }
        graph.setId("graph");
        graph.getElement().setAttribute("role", "img");
        graph.getElement().setAttribute("aria-label", "The computation graph of L = (a·b + c)², each node with its value and gradient");
        return widget(controls(abc[0], abc[1], abc[2]), graphError, graph, graphText);
    }

    private Component byHandWidget() {
        Button again = new Button("Another random network", e -> {
            seed = new java.util.Random().nextInt(1_000_000);
            refreshHandCheck();
            writeUrl();
        });
        again.setId("hand-new-seed");
        handCheck.setId("hand-check");
        return widget(handCheck, again);
    }

    private static Component code() {
        return new Div(
                new CodePane("Our lesson code: GradientPlayground.slopeOfSquare",
                        SourceCode.method(GradientPlayground.class, "slopeOfSquare"),
                        """
                        xt = tensor(3.).requires_grad_()
                        yt = xt**2
                        yt.backward()
                        xt.grad          # tensor(6.)"""),
                new CodePane("Our engine: Graph.backward (what backward() does)",
                        SourceCode.method(Graph.class, "backward"),
                        """
                        xt = tensor([3., 4., 10.]).requires_grad_()
                        (xt**2).sum().backward()
                        xt.grad          # tensor([ 6.,  8., 20.])
                        xt.grad.zero_()  # gradients add up until zeroed"""),
                new CodePane("Our lesson code: GradientPlayground.backpropByHand",
                        SourceCode.method(GradientPlayground.class, "backpropByHand"),
                        """
                        def lin_grad(inp, out, w, b):
                            inp.g = out.g @ w.t()
                            w.g = inp.t() @ out.g
                            b.g = out.g.sum(0)

                        out.g = 2. * diff[:, None] / inp.shape[0]   # mse
                        lin_grad(l2, out, w2, b2)
                        l1.g = (l1 > 0).float() * l2.g             # relu
                        lin_grad(inp, l1, w1, b1)"""));
    }

    private Component selfCheck() {
        return new SelfCheck()
                .number("q-slope", () -> String.format(Locale.ROOT, "Your point is x = %.1f. What slope does backward() give for x² there?", x),
                        () -> GradientPlayground.slopeOfSquare(x).slope(), 0.01,
                        "The slope of x² is 2x.")
                .number("q-accumulate", () -> "x = [3, 4, 10]. You call sum(x²).backward() three times and never zero_grad(). What is x.grad for the first element?",
                        () -> {
                            GradientPlayground.Accumulator a3 = new GradientPlayground.Accumulator(new float[] {3, 4, 10});
                            for (int i = 0; i < 3; i++) a3.backward();
                            return a3.grad()[0];
                        }, 0.01,
                        "Each backward adds 2·3 = 6 into x.grad, so three calls give 18.")
                .number("q-graph", () -> String.format(Locale.ROOT,
                        "In the graph, with a = %s, b = %s and c = %s: what is dL/dc? (Hint: L = d², where d = a·b + c.)", fmt(a), fmt(b), fmt(c)),
                        () -> GradientPlayground.graph(a, b, c).stream().filter(n -> n.name().equals("c")).findFirst().orElseThrow().grad(),
                        0.01, "dL/dc = 2d · 1 = 2(a·b + c).");
    }

    // ------------------------------------------------------------ computing and drawing

    private void refreshTangent() {
        GradientPlayground.Slope s = GradientPlayground.slopeOfSquare(x);
        int n = 91;
        float[] xs = new float[n], ys = new float[n], tangent = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -4.5f + 9f * i / (n - 1);
            ys[i] = xs[i] * xs[i];
            tangent[i] = s.y() + s.slope() * (xs[i] - s.x());
        }
        curve.show(String.format(Locale.ROOT, "At x = %.1f, f(x) = %.2f and the tangent's slope is %.2f.", s.x(), s.y(), s.slope()),
                List.of(new Series("f(x) = x²", xs, ys, "line"),
                        new Series("tangent, slope " + fmt(s.slope()), xs, tangent, "dashed"),
                        new Series("your point", new float[] {s.x()}, new float[] {s.y()}, "marker")));
        slopeText.setText(String.format(Locale.ROOT, "f(%.1f) = %.2f; backward() gives x.grad = %.4f", s.x(), s.y(), s.slope()));
        double numeric = GradientPlayground.numericSlopeOfSquare(x, h);
        numericText.setText(String.format(Locale.ROOT, "(f(x+h) − f(x−h)) / 2h with h = %s: %.4f; autograd: %.4f; difference %.1e",
                Json.shortNum(h), numeric, s.slope(), Math.abs(numeric - s.slope())));
    }

    private void showGrad(String note) {
        gradError.setText("");
        gradText.setText(String.format(Locale.ROOT, "%s x = [%s], x.grad = [%s] (after %d backward call%s since the last zero_grad).",
                note, list(values), list(acc.grad()), acc.backwards(), acc.backwards() == 1 ? "" : "s"));
        gradText.getElement().setAttribute("data-grad", list(acc.grad()));
    }

    private void refreshGraph() {
        float[] v = new float[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Float.parseFloat(abc[i].getValue().strip());
                if (!Float.isFinite(v[i]) || Math.abs(v[i]) > 100) throw new NumberFormatException();
                abc[i].setInvalid(false);
            } catch (NumberFormatException e) {
                abc[i].setInvalid(true);
                abc[i].setErrorMessage("a number from -100 to 100");
                graphError.setText(abc[i].getLabel() + " must be a number from -100 to 100, not \"" + abc[i].getValue() + "\".");
                return;
            }
        }
        graphError.setText("");
        a = v[0];
        b = v[1];
        c = v[2];
        List<Node> nodes = GradientPlayground.graph(a, b, c);
        StringBuilder json = new StringBuilder("[");
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Node nd = nodes.get(i);
            json.append(i > 0 ? "," : "").append("{\"name\":").append(Json.str(nd.name())).append(",\"op\":").append(Json.str(nd.op()))
                    .append(",\"value\":").append(Json.num(nd.value())).append(",\"grad\":").append(Json.num(nd.grad()))
                    .append(",\"parents\":").append(java.util.Arrays.toString(nd.parents())).append('}');
            words.append(String.format(Locale.ROOT, "%s = %s (gradient %s); ", nd.name(), fmt(nd.value()), fmt(nd.grad())));
        }
        json.append(']');
        graph.getElement().executeJs("SevenStepsGradient.drawGraph(this, JSON.parse($0))", json.toString());
        Tensor[] in = {Tensor.scalar(a).requiresGrad(true), Tensor.scalar(b).requiresGrad(true), Tensor.scalar(c).requiresGrad(true)};
        double err = GradCheck.maxError(t -> GradientPlayground.expression(t[0], t[1], t[2]), 1e-2, in);
        graphText.setText(words + String.format(Locale.ROOT, "Finite-difference check of dL/da, dL/db, dL/dc: largest relative error %.1e.", err));
        writeUrl();
    }

    private void refreshHandCheck() {
        GradientPlayground.HandCheck check = GradientPlayground.backpropByHand(seed);
        StringBuilder t = new StringBuilder("<table class=\"readings-table\"><caption>A 4-3-1 network (seed ").append(seed)
                .append(String.format(Locale.ROOT, "), MSE loss %.4f: gradients by hand against autograd</caption>", check.loss()))
                .append("<thead><tr><th scope=\"col\">parameter</th><th scope=\"col\">largest |by hand − autograd|</th></tr></thead><tbody>");
        for (int i = 0; i < check.names().length; i++) {
            t.append("<tr><th scope=\"row\">").append(check.names()[i]).append("</th><td id=\"hand-").append(check.names()[i]).append("\">")
                    .append(String.format(Locale.ROOT, "%.1e", check.maxDiff()[i])).append("</td></tr>");
        }
        handCheck.removeAll();
        handCheck.add(new Html(t.append("</tbody></table>").toString()));
    }

    private void writeUrl() {
        UrlState url = url();
        if (url == null) return;
        url.put("x", String.format(Locale.ROOT, "%.1f", x)).put("h", Json.shortNum(h)).put("values", list(values).replace(" ", ""))
                .put("a", fmt(a)).put("b", fmt(b)).put("c", fmt(c)).put("seed", seed).write();
    }

    /** Parses "3, 4, 10" into numbers; a clear message for anything else. */
    static float[] parseValues(String raw) {
        String[] parts = raw.strip().split("\\s*[,;\\s]\\s*");
        if (raw.isBlank()) throw new IllegalArgumentException("Type at least one number, like 3, 4, 10.");
        if (parts.length > 10) throw new IllegalArgumentException("At most 10 numbers, please (got " + parts.length + ").");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + parts[i] + "\" is not a number. Separate numbers with commas, like 3, 4, 10.");
            }
            if (!Float.isFinite(out[i]) || Math.abs(out[i]) > 1e6)
                throw new IllegalArgumentException(parts[i] + " is too large: keep each number between -1000000 and 1000000.");
        }
        return out;
    }

    private static String list(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(fmt(v[i]));
        return sb.toString();
    }

    private static String fmt(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? Integer.toString((int) v) : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
    }
}
