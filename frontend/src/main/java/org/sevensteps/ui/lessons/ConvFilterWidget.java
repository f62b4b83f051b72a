package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.dom.Element;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.MnistCache;
import org.sevensteps.lessons.playground.ConvPlayground;
import org.sevensteps.lessons.playground.ConvPlayground.Filter;
import org.sevensteps.ui.charts.DigitCanvas;
import org.sevensteps.ui.ports.Services;
import org.sevensteps.ui.widgets.Json;
import org.sevensteps.ui.widgets.UrlState;

/**
 * Lesson 7: a hand-made 3×3 filter slid over a real validation digit by the engine, with the stride
 * and padding the student picks; the output map is drawn red where the filter finds its pattern and
 * blue where it finds the opposite, and its size is worked out with the formula. The nine weights
 * start from a preset filter and can each be typed in.
 *
 * <p>Its state is in the page's URL: {@code conv_digit} (the validation digit's index),
 * {@code conv_weights} (nine numbers, row by row), {@code conv_stride} and {@code conv_padding}.
 */
final class ConvFilterWidget extends Div {
    static final double MAX_WEIGHT = 100;

    private final Select<Filter> filter = new Select<>();
    private final Select<Integer> stride = new Select<>();
    private final Select<Integer> padding = new Select<>();
    private final DigitCanvas input = new DigitCanvas("conv-input", 4);
    private final DigitCanvas output = new DigitCanvas("conv-output", 4);
    private final Input[] weightInputs = new Input[9];
    private final Element kernel = new Element("table");
    private final Span sizeText = PlaygroundView.readout("conv-size");
    private final Span problem = PlaygroundView.errorLine("conv-error");
    private final UrlState url;
    private float[] weights;
    private int index; // which validation digit
    private boolean restoring = true; // while the fields are set from the URL or a preset, one refresh at the end

    /** @param url the page's URL state: read now, written after every change */
    ConvFilterWidget(UrlState url) {
        this.url = url;
        addClassName("widget");
        filter.setLabel("Filter");
        filter.setItems(Filter.values());
        filter.setItemLabelGenerator(f -> f == null ? "your own" : f.title);
        filter.setEmptySelectionAllowed(true);
        filter.setEmptySelectionCaption("your own");
        filter.setId("conv-filter");
        stride.setLabel("Stride");
        stride.setItems(1, 2);
        stride.setId("conv-stride");
        padding.setLabel("Padding");
        padding.setItems(0, 1);
        padding.setId("conv-padding");
        filter.addValueChangeListener(e -> {
            if (e.getValue() != null && !restoring) showWeights(e.getValue().weights());
        });
        for (Select<?> s : List.of(stride, padding)) s.addValueChangeListener(e -> refresh());
        Button another = new Button("Another digit", e -> {
            index = ThreadLocalRandom.current().nextInt(10_000);
            refresh();
        });
        another.setId("conv-another");
        input.getElement().setAttribute("role", "img");
        input.getElement().setAttribute("aria-label", "The validation digit the filter slides over");
        output.getElement().setAttribute("role", "img");
        output.getElement().setAttribute("aria-label", "The filter's output: red where it finds its pattern, blue where it finds the opposite");
        Div kernelBox = new Div();
        kernelBox.setId("conv-kernel");
        kernelBox.getElement().appendChild(kernelTable());
        Div pictures = new Div(DigitCanvas.captioned(input, "the digit"), kernelBox, DigitCanvas.captioned(output, "what the filter finds"));
        pictures.addClassName("conv-pictures");
        add(PlaygroundView.controls(filter, stride, padding, another), pictures, sizeText, problem);
        restore();
    }

    /** Takes the digit, weights, stride and padding from the link (defaults: digit 0, top edges, stride 1, padding 1). */
    private void restore() {
        int before = url.problems().size();
        index = (int) url.number("conv_digit", 0, 9_999, 0);
        double[] w = url.numbers("conv_weights", 9, -MAX_WEIGHT, MAX_WEIGHT, toDoubles(Filter.TOP_EDGE.weights()));
        stride.setValue((int) url.number("conv_stride", 1, 2, 1));
        padding.setValue((int) url.number("conv_padding", 0, 1, 1));
        float[] f = new float[9];
        for (int i = 0; i < 9; i++) f[i] = (float) w[i];
        showWeights(f);
        List<String> found = url.problems().subList(before, url.problems().size());
        if (!found.isEmpty()) problem.setText("From the link: " + String.join(" ", found));
    }

    /** Shows {@code w} in the nine fields and in the filter choice (a preset, or "your own"), then redraws. */
    private void showWeights(float[] w) {
        restoring = true;
        weights = w.clone();
        for (int i = 0; i < 9; i++) {
            weightInputs[i].setValue(weight(w[i]).replaceFirst("^(-?0\\.\\d{3})\\d+$", "$1")); // 1/9 shows as 0.111
            markSign(i);
        }
        filter.setValue(Arrays.stream(Filter.values()).filter(p -> same(p.weights(), w)).findFirst().orElse(null));
        restoring = false;
        refresh();
    }

    /** A weight typed in: a number from -100 to 100, else the field is marked and nothing changes. */
    private void typed(int i, String text) {
        if (restoring) return;
        try {
            float v = Float.parseFloat(text.strip());
            if (!(Math.abs(v) <= MAX_WEIGHT)) throw new NumberFormatException();
            weights[i] = v;
            weightInputs[i].getElement().removeAttribute("aria-invalid");
            markSign(i);
            restoring = true;
            filter.setValue(Arrays.stream(Filter.values()).filter(p -> same(p.weights(), weights)).findFirst().orElse(null));
            restoring = false;
            refresh();
        } catch (NumberFormatException e) {
            weightInputs[i].getElement().setAttribute("aria-invalid", "true");
            problem.setText("A weight is a number from -" + (int) MAX_WEIGHT + " to " + (int) MAX_WEIGHT + ", like 1, -0.5 or 0.111.");
        }
    }

    private void refresh() {
        if (restoring) return;
        Digits test;
        try {
            test = Services.get(MnistCache.class).get().test();
        } catch (RuntimeException e) {
            problem.setText("The digits could not be loaded on this server: " + e.getMessage());
            return;
        }
        float[] image = test.image(index);
        int s = stride.getValue(), p = padding.getValue();
        ConvPlayground.Output out = ConvPlayground.apply(image, Digits.SIDE, weights, s, p);
        input.draw(image);
        input.getElement().setAttribute("data-index", Integer.toString(index));
        output.getElement().executeJs("SevenSteps.drawWeights(this, JSON.parse($0), $1)", Json.array(out.values()), out.side());
        output.getElement().setAttribute("data-side", Integer.toString(out.side()));
        sizeText.setText(String.format(Locale.ROOT, "A %d×%d digit gives a %d×%d map: (%d + 2×%d − 3) ÷ %d + 1 = %d (rounded down). "
                        + "The source's three layers, each with stride 2 and padding 1: 28 → 14 → 7 → 4.",
                Digits.SIDE, Digits.SIDE, out.side(), out.side(), Digits.SIDE, p, s, out.side()));
        StringBuilder w = new StringBuilder();
        for (float v : weights) w.append(w.isEmpty() ? "" : ",").append(weight(v));
        url.put("conv_digit", index).put("conv_weights", w).put("conv_stride", s).put("conv_padding", p).write();
    }

    /** The 3×3 weights as a table of nine fields, row by row. */
    private Element kernelTable() {
        kernel.getClassList().add("kernel");
        kernel.appendChild(new Element("caption").setText("the 3×3 weights (type your own)"));
        Element body = new Element("tbody");
        for (int r = 0; r < 3; r++) {
            Element tr = new Element("tr");
            for (int c = 0; c < 3; c++) {
                int i = r * 3 + c;
                Input field = new Input(ValueChangeMode.ON_CHANGE);
                field.setId("conv-w" + i);
                field.getElement().setAttribute("inputmode", "decimal");
                field.getElement().setAttribute("aria-label", "weight in row " + (r + 1) + ", column " + (c + 1));
                field.addValueChangeListener(e -> typed(i, e.getValue()));
                weightInputs[i] = field;
                tr.appendChild(new Element("td").appendChild(field.getElement()));
            }
            body.appendChild(tr);
        }
        return kernel.appendChild(body);
    }

    private void markSign(int i) {
        Element td = weightInputs[i].getElement().getParent();
        td.setAttribute("class", weights[i] > 0 ? "pos" : weights[i] < 0 ? "neg" : "zero");
    }

    /** A weight as the fields and the link write it: 0, -1, 2.5, 0.1111111. */
    private static String weight(float v) {
        return v == 0 ? "0" : Json.shortNum(v);
    }

    private static boolean same(float[] a, float[] b) {
        for (int i = 0; i < 9; i++) if (Math.abs(a[i] - b[i]) > 1e-3) return false;
        return true;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
