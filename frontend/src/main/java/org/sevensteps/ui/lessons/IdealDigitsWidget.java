package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.util.Base64;
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
import org.sevensteps.ui.widgets.UrlState;

/**
 * Lesson 1: one digit against the two ideals. The student picks a validation 3 or 7, or draws one;
 * the server measures both distances to both ideals with the baseline's own functions, and the page
 * shows the verdicts and the digit minus each ideal as a heat map (red: ink the ideal lacks, blue: ink
 * of the ideal the digit lacks).
 *
 * <p>The digit is in the page's URL: {@code digit} (the index of a validation 3 or 7) or
 * {@code drawing} (the drawing's 28×28 pixels, one byte each, in URL-safe Base64), so a link shows the
 * same digit again.
 */
final class IdealDigitsWidget extends Div {
    private final DigitCanvas digit = new DigitCanvas("judge-digit", 4);
    private final DigitCanvas minus3 = new DigitCanvas("judge-minus-3", 4);
    private final DigitCanvas minus7 = new DigitCanvas("judge-minus-7", 4);
    private final Div table = new Div();
    private final Span verdict = PlaygroundView.readout("judge-verdict");
    private final Span problem = PlaygroundView.errorLine("judge-error");
    private UrlState url;

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
        add(PlaygroundView.controls(three, seven), pictures, table, verdict, problem);
        getElement().executeJs("SevenSteps.judgePad(this)");
    }

    /**
     * Shows the digit of the link the page was opened with ({@code digit} or {@code drawing}), else a
     * random validation 3; from now on every digit shown goes into {@code url}.
     */
    void restore(UrlState url) {
        this.url = url;
        Mnist mnist = mnist();
        if (mnist == null) return;
        if (url.has("drawing")) {
            float[] pixels = decode(url.text("drawing", ""));
            if (pixels != null) {
                showDrawing(mnist, pixels);
                return;
            }
            problem.setText("From the link: drawing= is not a 28×28 drawing; showing a validation 3 instead.");
        } else if (url.has("digit")) {
            int i = (int) url.number("digit", 0, mnist.test().count() - 1, -1);
            int label = i < 0 ? 0 : mnist.test().labels()[i];
            if (label == 3 || label == 7) {
                showValidation(mnist, i);
                return;
            }
            problem.setText("From the link: digit=" + url.text("digit", "") + " is not the index of a validation 3 or 7; "
                    + "showing a validation 3 instead.");
        }
        pick(3); // something to look at from the start
    }

    private Mnist mnist() {
        try {
            return Services.get(MnistCache.class).get();
        } catch (RuntimeException e) {
            verdict.setText("The digits could not be loaded on this server: " + e.getMessage());
            return null;
        }
    }

    private void pick(int label) {
        Mnist mnist = mnist();
        if (mnist == null) return;
        Digits test = mnist.test();
        int[] of = IntStream.range(0, test.count()).filter(i -> test.labels()[i] == label).toArray();
        showValidation(mnist, of[ThreadLocalRandom.current().nextInt(of.length)]);
    }

    private void showValidation(Mnist mnist, int i) {
        show(mnist, mnist.test().image(i), mnist.test().labels()[i]);
        digit.getElement().setAttribute("data-index", Integer.toString(i));
        if (url != null) url.remove("drawing").put("digit", i).write();
    }

    private void showDrawing(Mnist mnist, float[] pixels) {
        show(mnist, pixels, 0);
        digit.getElement().removeAttribute("data-index");
        if (url != null) url.remove("digit").put("drawing", encode(pixels)).write();
    }

    /** A drawing in a URL: one byte per pixel (0 to 255), URL-safe Base64 without padding (1,046 characters). */
    static String encode(float[] pixels) {
        byte[] b = new byte[pixels.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Math.round(Math.clamp(pixels[i], 0f, 1f) * 255);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The drawing {@link #encode} wrote, or null when {@code text} is not one. */
    static float[] decode(String text) {
        byte[] b;
        try {
            b = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (b.length != Digits.PIXELS) return null;
        float[] pixels = new float[b.length];
        for (int i = 0; i < b.length; i++) pixels[i] = (b[i] & 0xff) / 255f;
        return pixels;
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
        Mnist mnist = mnist();
        if (mnist != null) showDrawing(mnist, pixels);
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
