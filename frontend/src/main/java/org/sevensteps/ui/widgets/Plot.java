package org.sevensteps.ui.widgets;

import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * A figure drawn by Chart.js from numbers the server computed, redrawn whole on every {@link #show}.
 * The canvas is an image to assistive technology; the line under it (aria-live) says in words what
 * the figure shows, so the numbers are never only in pixels.
 */
public class Plot extends Div {
    private final Canvas canvas = new Canvas();
    private final Span words = new Span();
    private final String xLabel, yLabel;
    private final List<String> options = new ArrayList<>();

    /** One line or set of points: {@code style} is line, dashed, step, points or marker. */
    public record Series(String label, float[] x, float[] y, String style) {}

    public Plot(String id, String title, String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        setId(id);
        addClassName("plot");
        canvas.getElement().setAttribute("role", "img");
        canvas.getElement().setAttribute("aria-label", title);
        Div frame = new Div(canvas);
        frame.addClassName("plot-frame");
        words.setId(id + "-text");
        words.addClassName("plot-text");
        words.getElement().setAttribute("aria-live", "polite");
        add(frame, words);
    }

    /** Fixes the y axis to [min, max] for every later drawing. */
    public Plot yRange(double min, double max) {
        options.add("\"yMin\":" + min + ",\"yMax\":" + max);
        return this;
    }

    /** Fixes the x axis to [min, max] for every later drawing. */
    public Plot xRange(double min, double max) {
        options.add("\"xMin\":" + min + ",\"xMax\":" + max);
        return this;
    }

    /** A logarithmic y axis, for losses that span several powers of ten. */
    public Plot logY() {
        options.add("\"logY\":true");
        return this;
    }

    /** Draws these series, replacing what was there, and says {@code text} in words. */
    public void show(String text, List<Series> series) {
        StringBuilder sb = new StringBuilder("{\"xLabel\":").append(Json.str(xLabel))
                .append(",\"yLabel\":").append(Json.str(yLabel));
        for (String o : options) sb.append(',').append(o);
        sb.append(",\"series\":[");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"label\":").append(Json.str(s.label())).append(",\"style\":").append(Json.str(s.style()))
                    .append(",\"x\":").append(Json.array(s.x())).append(",\"y\":").append(Json.array(s.y())).append('}');
        }
        sb.append("]}");
        canvas.getElement().executeJs("SevenSteps.plot(this, JSON.parse($0))", sb.toString());
        words.setText(text);
    }

    /** The canvas, for lesson scripts that add behaviour (dragging, animation). */
    public com.vaadin.flow.dom.Element canvasElement() {
        return canvas.getElement();
    }

    @Tag("canvas")
    private static final class Canvas extends com.vaadin.flow.component.HtmlComponent {}
}
