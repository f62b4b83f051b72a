package org.sevensteps.ui.train;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.dom.Element;

/**
 * The student's runs side by side: validation accuracy and validation loss per epoch on two charts
 * next to each other, one line per run (colour by model, dashes to tell runs of one model apart). The
 * browser fills them: a run started here grows its line with every epoch ({@code SevenSteps.compareRun}),
 * and the runs of the table of runs come in ({@code SevenSteps.compareStored}): ended ones (done or
 * interrupted) with their stored epochs, those still waiting or running (paused or not) followed live
 * over their sockets, so a reload brings every line back. A run that is reset or fails leaves them. Hidden until there is a line; the table of runs below
 * gives the numbers.
 */
final class RunComparison extends Div {

    RunComparison() {
        addClassName("run-comparison");
        setId("run-comparison");
        Div charts = new Div(chart("compare-accuracy", "accuracy", "validation accuracy",
                        "Validation accuracy per epoch of each of your runs in this lesson; the table below gives each result."),
                chart("compare-loss", "loss", "validation loss",
                        "Validation loss per epoch of each of your runs in this lesson; the table below gives each result."));
        charts.addClassName("chart-pair");
        add(new H3("Your runs side by side"),
                new Paragraph("Every run of this lesson gets a line on both charts, epoch by epoch. Same seed, other "
                        + "model (or other settings, same seed): the lines show where the two runs part."),
                charts);
    }

    /** A box with a canvas that the browser makes an empty Chart.js chart of per-epoch lines. */
    private static Div chart(String id, String metric, String yLabel, String label) {
        Div box = new Div();
        box.setId(id);
        box.addClassName("live-chart");
        box.getElement().setAttribute("role", "img");
        box.getElement().setAttribute("aria-label", label);
        box.getElement().setAttribute("data-runs", "0");
        Element canvas = new Element("canvas");
        box.getElement().appendChild(canvas);
        canvas.executeJs("SevenSteps.compareChart(this, $0, $1)", metric, yLabel);
        return box;
    }
}
