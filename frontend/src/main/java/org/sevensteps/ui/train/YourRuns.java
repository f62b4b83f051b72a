package org.sevensteps.ui.train;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.dom.Element;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.RunService;
import org.sevensteps.ui.ports.RunService.RunSummary;
import org.sevensteps.ui.ports.RunService.StartedRun;

/**
 * "Your runs": the student's runs of the lesson's models (the CNN and its fix side by side), waiting,
 * running (paused or not) and ended, read from the server, so a reload or a server restart loses none.
 * Compare seeds and settings at a glance; a run cut by a restart (or cancelled) has a <b>Restart</b>
 * button that runs the same spec and seed again. Each row carries the run's id, state, model and seed
 * ({@code data-*}) for the comparison charts, which follow the runs still going live.
 */
class YourRuns extends Div {
    static final int SHOWN = 10;

    private final RunService runs;
    private final BiConsumer<RunSummary, StartedRun> onRestart;
    private final Consumer<String> onRefused;
    private final Element body = new Element("tbody");

    /**
     * @param onRestart told about the old run and the new one after a Restart press
     * @param onRefused told why, when the server refuses the restart (limits, rate)
     */
    YourRuns(RunService runs, BiConsumer<RunSummary, StartedRun> onRestart, Consumer<String> onRefused) {
        this.runs = runs;
        this.onRestart = onRestart;
        this.onRefused = onRefused;
        addClassName("your-runs");
        Element table = new Element("table").setAttribute("id", "your-runs");
        Element head = new Element("tr");
        for (String h : List.of("Model", "Seed", "Epochs", "Learning rate", "Validation accuracy", "Result", "Action")) {
            head.appendChild(new Element("th").setAttribute("scope", "col").setText(h));
        }
        table.appendChild(new Element("caption").setText("Your runs in this lesson"), new Element("thead").appendChild(head), body);
        getElement().appendChild(table);
    }

    /** Reloads the rows for {@code models}, model by model; the table shows only once there is a run. */
    void refresh(List<String> models) {
        body.removeAllChildren();
        boolean any = false;
        for (String model : models) {
            for (RunSummary r : runs.runs(Caller.current(), model, SHOWN)) {
                body.appendChild(row(r));
                any = true;
            }
        }
        setClassName("has-runs", any);
    }

    private Element row(RunSummary r) {
        Element tr = new Element("tr").setAttribute("data-run", r.id()).setAttribute("data-state", r.state())
                .setAttribute("data-model", r.spec().model()).setAttribute("data-seed", Long.toString(r.spec().seed()));
        if (r.paused()) tr.setAttribute("data-paused", "true");
        String epochs = r.epochsDone() == r.spec().epochs() ? Integer.toString(r.epochsDone())
                : r.epochsDone() + " of " + r.spec().epochs();
        String accuracy = r.accuracy() == null ? "–" : String.format(Locale.ROOT, "%.1f%%", r.accuracy() * 100);
        for (String v : List.of(r.spec().modelEnum().title, Long.toString(r.spec().seed()), epochs,
                java.math.BigDecimal.valueOf(r.spec().lr()).stripTrailingZeros().toPlainString(), accuracy,
                r.state() + (r.paused() ? ", paused" : "") + (r.backend() == null ? "" : " (" + r.backend() + ")"))) {
            tr.appendChild(new Element("td").setText(v));
        }
        Element action = new Element("td");
        if (r.state().equals("interrupted") || r.state().equals("cancelled")) {
            Button restart = new Button("Restart", e -> restart(r));
            restart.addThemeVariants(ButtonVariant.SMALL);
            restart.addClassName("restart-run");
            restart.getElement().setAttribute("aria-label", "Restart the run with seed " + r.spec().seed());
            action.appendChild(restart.getElement());
        }
        return tr.appendChild(action);
    }

    private void restart(RunSummary old) {
        try {
            onRestart.accept(old, runs.restart(old.id(), Caller.current()));
        } catch (RuntimeException e) {
            onRefused.accept(e.getMessage());
        }
    }
}
