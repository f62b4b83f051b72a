package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.mnist.MnistCache;
import org.sevensteps.lessons.playground.IdealDigits;
import org.sevensteps.ui.charts.DigitCanvas;
import org.sevensteps.ui.ports.Services;
import org.sevensteps.ui.widgets.Json;

/**
 * Lesson 1: one digit against the two ideals. The student picks a validation 3 or 7, or draws one;
 * the server measures both distances to both ideals with the baseline's own functions, and the page
 * shows the verdicts and the digit minus each ideal as a heat map (red: ink the ideal lacks, blue: ink
 * of the ideal the digit lacks).
 */
final class IdealDigitsWidget extends Div {
    private final DigitCanvas digit = new DigitCanvas("judge-digit", 4);
    private final DigitCanvas minus3 = new DigitCanvas("judge-minus-3", 4);
    private final DigitCanvas minus7 = new DigitCanvas("judge-minus-7", 4);
    private final Div table = new Div();
    private final Span verdict = PlaygroundView.readout("judge-verdict");

    IdealDigitsWidget() {
        addClassName("widget");
        setId("judge");
        Button three = new Button("A validation 3", e -> pick(3));
        three.setId("judge-three");
        Button seven = new Button("A validation 7", e -> pick(7));
        seven.setId("judge-seven");
        for (DigitCanvas c : new DigitCanvas[] {digit, minus3, minus7}) c.getElement().setAttribute("role", "img");
        digit.getElement().setAttribute("aria-label", "The digit being judged");
        minus3.getElement().setAttribute("aria-label", "The digit minus the ideal 3: red where only the digit has ink, blue where only the ideal has");
        minus7.getElement().setAttribute("aria-label", "The digit minus the ideal 7: red where only the digit has ink, blue where only the ideal has");
        Div pad = new Div();
        pad.addClassName("judge-pad");
        Div pictures = new Div(pad, DigitCanvas.captioned(digit, "the digit"), DigitCanvas.captioned(minus3, "digit − ideal 3"),
                DigitCanvas.captioned(minus7, "digit − ideal 7"));
        pictures.addClassName("conv-pictures");
        table.setId("judge-table");
        add(PlaygroundView.controls(three, seven), pictures, table, verdict);
        getElement().executeJs("SevenSteps.judgePad(this)");
        pick(3); // something to look at from the start
    }

    private void pick(int label) {
        Mnist mnist;
        try {
            mnist = Services.get(MnistCache.class).get();
        } catch (RuntimeException e) {
            verdict.setText("The digits could not be loaded on this server: " + e.getMessage());
            return;
        }
        Digits test = mnist.test();
        int[] of = IntStream.range(0, test.count()).filter(i -> test.labels()[i] == label).toArray();
        int i = of[ThreadLocalRandom.current().nextInt(of.length)];
        show(mnist, test.image(i), label);
    }

    /** Called by the drawing pad with the drawing as 784 comma-separated values in [0,1] (see SevenSteps.padPixels). */
    @ClientCallable
    void judgeDrawing(String csv) {
        String[] parts = csv.split(",");
        if (parts.length != Digits.PIXELS) return;
        float[] pixels = new float[Digits.PIXELS];
        try {
            for (int i = 0; i < pixels.length; i++) pixels[i] = Math.clamp(Float.parseFloat(parts[i]), 0f, 1f);
        } catch (NumberFormatException e) {
            return;
        }
        show(Services.get(MnistCache.class).get(), pixels, 0);
    }

    /** @param label the true digit, or 0 for a drawing */
    private void show(Mnist mnist, float[] pixels, int label) {
        IdealDigits.Judgement j = IdealDigits.of(mnist).judge(pixels);
        digit.draw(pixels);
        minus3.getElement().executeJs("SevenSteps.drawWeights(this, JSON.parse($0), 28)", Json.array(j.minus3()));
        minus7.getElement().executeJs("SevenSteps.drawWeights(this, JSON.parse($0), 28)", Json.array(j.minus7()));
        table.removeAll();
        table.add(new Html(String.format(Locale.ROOT, "<table class=\"readings-table\"><caption>Distance of the digit to each ideal "
                        + "(smaller is closer)</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">to the ideal 3</th>"
                        + "<th scope=\"col\">to the ideal 7</th><th scope=\"col\">verdict</th></tr></thead><tbody>"
                        + "<tr><th scope=\"row\">L1 (mean absolute difference)</th><td>%.4f</td><td>%.4f</td><td id=\"judge-l1\">%d</td></tr>"
                        + "<tr><th scope=\"row\">RMSE</th><td>%.4f</td><td>%.4f</td><td id=\"judge-rmse\">%d</td></tr></tbody></table>",
                j.l1To3(), j.l1To7(), j.byL1(), j.rmseTo3(), j.rmseTo7(), j.byRmse())));
        String says = j.byL1() == j.byRmse() ? "Both distances say " + j.byL1() + "." : "The distances disagree: L1 says "
                + j.byL1() + ", RMSE says " + j.byRmse() + ".";
        verdict.setText(label == 0 ? "Your drawing. " + says
                : "A validation " + label + ". " + says + (j.byL1() == label ? " Right." : " Wrong: this one fools the baseline."));
    }
}
