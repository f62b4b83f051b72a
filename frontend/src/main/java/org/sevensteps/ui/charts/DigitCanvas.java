package org.sevensteps.ui.charts;

import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.html.Div;

/** A 28×28 grey-scale image drawn on a canvas, scaled up without smoothing. */
@Tag("canvas")
public class DigitCanvas extends com.vaadin.flow.component.HtmlComponent {

    /** @param pixelSize screen pixels per image pixel */
    public DigitCanvas(String id, int pixelSize) {
        setId(id);
        getElement().setAttribute("width", Integer.toString(28 * pixelSize));
        getElement().setAttribute("height", Integer.toString(28 * pixelSize));
        addClassName("digit");
    }

    /** Draws {@code pixels} (784 values in [0,1], row-major) now, from the server side. */
    public void draw(float[] pixels) {
        getElement().executeJs("SevenSteps.drawDigit(this, JSON.parse($0))", toJsonArray(pixels));
    }

    private static String toJsonArray(float[] values) {
        StringBuilder sb = new StringBuilder(values.length * 5).append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(Math.round(values[i] * 1000) / 1000.0);
        }
        return sb.append(']').toString();
    }

    /** A labelled frame around a digit canvas. */
    public static Div captioned(DigitCanvas canvas, String caption) {
        Div box = new Div(canvas, new com.vaadin.flow.component.html.Span(caption));
        box.addClassName("digit-box");
        return box;
    }
}
