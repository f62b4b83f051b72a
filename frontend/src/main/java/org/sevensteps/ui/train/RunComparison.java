package org.sevensteps.ui.train;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.dom.Element;

/**
 * The student's runs on this page side by side: validation accuracy and validation loss per epoch on
 * two charts next to each other, one line per run (colour by model, dashes to tell runs of one model
 * apart), and a table with each finished run's result. The browser fills it while the runs go
 * ({@code SevenSteps.compareRun}): a line grows with every epoch, a row is added when a run is done,
 * and a run that is reset or fails leaves the charts. Hidden until the first run starts.
 */
final class RunComparison extends Div {

    RunComparison() {
        addClassName("your-runs");
        setId("run-comparison");
        Div charts = new Div(chart("compare-accuracy", "accuracy", "validation accuracy",
                        "Validation accuracy per epoch of each of your runs on this page; the table below gives each result."),
                chart("compare-loss", "loss", "validation loss",
                        "Validation loss per epoch of each of your runs on this page; the table below gives each result."));
        charts.addClassName("chart-pair");
        Div table = new Div();
        table.getElement().setProperty("innerHTML", "<table id=\"your-runs\"><caption>Your finished runs on this page</caption>"
                + "<thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Seed</th><th scope=\"col\">Epochs</th>"
                + "<th scope=\"col\">Learning rate</th><th scope=\"col\">Validation loss</th>"
                + "<th scope=\"col\">Validation accuracy</th></tr></thead><tbody></tbody></table>");
        add(new H3("Your runs side by side"),
                new Paragraph("Every run you start here gets a line on both charts, epoch by epoch. Same seed, other "
                        + "model (or other settings, same seed): the lines show where the two runs part."),
                charts, table);
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
