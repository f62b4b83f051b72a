package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
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

/**
 * Lesson 7: a hand-made 3×3 filter slid over a real validation digit by the engine, with the stride
 * and padding the student picks; the output map is drawn red where the filter finds its pattern and
 * blue where it finds the opposite, and its size is worked out with the formula.
 */
final class ConvFilterWidget extends Div {
    private final Select<Filter> filter = new Select<>();
    private final Select<Integer> stride = new Select<>();
    private final Select<Integer> padding = new Select<>();
    private final DigitCanvas input = new DigitCanvas("conv-input", 4);
    private final DigitCanvas output = new DigitCanvas("conv-output", 4);
    private final Div kernel = new Div();
    private final Span sizeText = PlaygroundView.readout("conv-size");
    private final Span problem = PlaygroundView.errorLine("conv-error");
    private int index; // which validation digit

    ConvFilterWidget() {
        addClassName("widget");
        filter.setLabel("Filter");
        filter.setItems(Filter.values());
        filter.setItemLabelGenerator(f -> f.title);
        filter.setValue(Filter.TOP_EDGE);
        filter.setId("conv-filter");
        stride.setLabel("Stride");
        stride.setItems(1, 2);
        stride.setValue(1);
        stride.setId("conv-stride");
        padding.setLabel("Padding");
        padding.setItems(0, 1);
        padding.setValue(1);
        padding.setId("conv-padding");
        for (Select<?> s : List.of(filter, stride, padding)) s.addValueChangeListener(e -> refresh());
        Button another = new Button("Another digit", e -> {
            index = ThreadLocalRandom.current().nextInt(10_000);
            refresh();
        });
        another.setId("conv-another");
        input.getElement().setAttribute("role", "img");
        input.getElement().setAttribute("aria-label", "The validation digit the filter slides over");
        output.getElement().setAttribute("role", "img");
        output.getElement().setAttribute("aria-label", "The filter's output: red where it finds its pattern, blue where it finds the opposite");
        kernel.setId("conv-kernel");
        Div pictures = new Div(DigitCanvas.captioned(input, "the digit"), kernel, DigitCanvas.captioned(output, "what the filter finds"));
        pictures.addClassName("conv-pictures");
        add(PlaygroundView.controls(filter, stride, padding, another), pictures, sizeText, problem);
        refresh();
    }

    private void refresh() {
        Digits test;
        try {
            test = Services.get(MnistCache.class).get().test();
        } catch (RuntimeException e) {
            problem.setText("The digits could not be loaded on this server: " + e.getMessage());
            return;
        }
        float[] image = test.image(index);
        float[] w = filter.getValue().weights();
        int s = stride.getValue(), p = padding.getValue();
        ConvPlayground.Output out = ConvPlayground.apply(image, Digits.SIDE, w, s, p);
        input.draw(image);
        output.getElement().executeJs("SevenSteps.drawWeights(this, JSON.parse($0), $1)", Json.array(out.values()), out.side());
        output.getElement().setAttribute("data-side", Integer.toString(out.side()));
        kernel.removeAll();
        kernel.add(new Html(kernelTable(w)));
        sizeText.setText(String.format(Locale.ROOT, "A %d×%d digit gives a %d×%d map: (%d + 2×%d − 3) ÷ %d + 1 = %d (rounded down). "
                        + "The source's three layers, each with stride 2 and padding 1: 28 → 14 → 7 → 4.",
                Digits.SIDE, Digits.SIDE, out.side(), out.side(), Digits.SIDE, p, s, out.side()));
    }

    private static String kernelTable(float[] w) {
        StringBuilder t = new StringBuilder("<table class=\"kernel\"><caption>the 3×3 weights</caption><tbody>");
        for (int r = 0; r < 3; r++) {
            t.append("<tr>");
            for (int c = 0; c < 3; c++) {
                float v = w[r * 3 + c];
                t.append("<td class=\"").append(v > 0 ? "pos" : v < 0 ? "neg" : "zero").append("\">")
                        .append(v == Math.rint(v) ? Integer.toString((int) v) : "1/9").append("</td>");
            }
            t.append("</tr>");
        }
        return t.append("</tbody></table>").toString();
    }
}
