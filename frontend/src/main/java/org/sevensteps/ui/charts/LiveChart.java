package org.sevensteps.ui.charts;

import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;

/**
 * A Chart.js line chart that a run's websocket feeds in the browser. After every update the element's
 * {@code data-points} attribute holds how many points it shows, which tests read.
 */
public class LiveChart extends Div {
    private final Canvas canvas = new Canvas();

    /** @param series the names of the lines, in order */
    public LiveChart(String id, String xLabel, String yLabel, String... series) {
        setId(id);
        addClassName("live-chart");
        getElement().setAttribute("data-points", "0");
        // For screen readers the chart is one image; the lesson writes its latest numbers as text nearby.
        getElement().setAttribute("role", "img");
        getElement().setAttribute("aria-label", "Chart of " + String.join(", ", series) + " against " + xLabel);
        add(canvas);
        canvas.getElement().executeJs("SevenSteps.lineChart(this, $0, $1, $2)",
                xLabel, yLabel, String.join("\n", series));
    }

    /** The id of the canvas inside, which the browser code looks up. */
    public com.vaadin.flow.dom.Element canvasElement() {
        return canvas.getElement();
    }

    /** A note shown under the chart (e.g. what the axes mean). */
    public LiveChart withNote(String note) {
        add(new Paragraph(note));
        return this;
    }

    @Tag("canvas")
    private static final class Canvas extends com.vaadin.flow.component.HtmlComponent {}
}
