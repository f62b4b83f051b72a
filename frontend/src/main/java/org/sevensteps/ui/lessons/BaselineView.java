package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.sevensteps.lessons.catalog.Lessons;
import org.sevensteps.lessons.experiment.BaselineExperiment;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.RunSpec;
import java.util.List;
import org.sevensteps.ui.charts.DigitCanvas;
import org.sevensteps.ui.widgets.SelfCheck;
import org.sevensteps.ui.widgets.UrlState;
import org.sevensteps.ui.charts.LiveChart;
import org.sevensteps.ui.code.CodePane;
import org.sevensteps.ui.code.SourceCode;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.RunService;
import org.sevensteps.ui.ports.Services;
import org.sevensteps.ui.shell.MainLayout;

/**
 * Lesson 1: pixel similarity. The server computes the ideal 3 and 7 from the training set and
 * classifies the validation set; this view draws what arrives over the run's websocket.
 */
@Route(value = "lessons/baseline", layout = MainLayout.class)
@PageTitle("1. Baseline | Seven Steps")
public class BaselineView extends VerticalLayout implements BeforeEnterObserver {
    private final Button run = new Button("Run the baseline");
    private final Span status = new Span("Not run yet.");
    private final IdealDigitsWidget judge = new IdealDigitsWidget();

    public BaselineView() {
        addClassName("lesson");
        add(new H2("1. Baseline: pixel similarity"));
        add(new Html("<div class=\"narrative\">" + Lessons.byId("baseline").orElseThrow().narrativeHtml() + "</div>"));
        add(new H3("Some training digits"), samples());
        add(new H3("The ideal 3 and the ideal 7"), ideals());
        add(controls());
        add(new H3("Accuracy on the validation 3s and 7s"), results());
        add(new LiveChart("accuracy-chart", "validation images classified", "accuracy so far",
                "L1 distance", "RMSE"));
        add(new H3("One digit against the two ideals"), judge);
        add(new H3("The code"), code());
        add(new SelfCheck()
                .number("all-sevens", () -> "A lazy model says \"7\" for every one of the 1,010 validation 3s and "
                        + "1,028 7s. What accuracy does it get, in percent?", () -> 1028 * 100.0 / 2038, 0.1,
                        "1,028 right out of 2,038 is 50.4%: the baseline's 95% is far better than guessing.")
                .choice("distance", "Which distance punishes one big difference more than many small ones?",
                        List.of("L1", "RMSE"), "RMSE", "Squaring makes big differences count much more."));
    }

    /** The digit judged against the ideals comes from the link (see {@link IdealDigitsWidget}). */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        judge.restore(new UrlState(event.getLocation().getPath(), event.getLocation().getQueryParameters()));
    }

    private static Div samples() {
        Div row = new Div();
        row.addClassName("digit-row");
        for (String kind : new String[] {"3", "7"}) {
            for (int i = 0; i < 6; i++) {
                row.add(new DigitCanvas("sample" + kind + "-" + i, 2));
            }
        }
        return row;
    }

    private static Div ideals() {
        Div row = new Div();
        row.addClassName("digit-row");
        row.add(DigitCanvas.captioned(new DigitCanvas("mean3", 5), "ideal 3 (mean of 6,131 threes)"),
                DigitCanvas.captioned(new DigitCanvas("mean7", 5), "ideal 7 (mean of 6,265 sevens)"));
        return row;
    }

    private Div controls() {
        run.setId("run-baseline");
        run.addThemeVariants(ButtonVariant.PRIMARY);
        run.addClickListener(e -> start());
        status.setId("run-status");
        Span backend = new Span("Runs on: " + Services.get(RunService.class).backendDescription());
        backend.setId("backend");
        backend.addClassName("backend");
        Div box = new Div(run, status, backend);
        box.addClassName("controls");
        return box;
    }

    private static Div results() {
        Div box = new Div();
        box.addClassName("results");
        box.add(result("L1 distance", "l1-accuracy"), result("RMSE", "rmse-accuracy"),
                result("3s right (L1)", "l1-threes"), result("7s right (L1)", "l1-sevens"));
        return box;
    }

    private static Div result(String label, String id) {
        Span value = new Span("–");
        value.setId(id);
        value.addClassName("result-value");
        Div box = new Div(new Span(label), value);
        box.addClassName("result");
        return box;
    }

    private static Div code() {
        return new CodePane("Our engine: BaselineExperiment.l1Distance",
                SourceCode.method(BaselineExperiment.class, "l1Distance"),
                """
                # the ideal 3: mean over the stack of training threes
                mean3 = stacked_threes.mean(0)
                # broadcasting: (B,28,28) - (28,28), then the mean over the last two axes
                def mnist_distance(a, b): return (a - b).abs().mean((-1, -2))""");
    }

    private void start() {
        try {
            RunService.StartedRun started = Services.get(RunService.class).start(RunSpec.defaults(Model.BASELINE), Caller.current());
            status.setText(started.queuePosition() == 0 ? "Running…" : "Queued: " + started.queuePosition() + " ahead");
            status.getElement().setAttribute("data-run", started.id());
            getElement().executeJs("SevenSteps.watchBaseline(this, $0)", started.id());
        } catch (RuntimeException ex) {
            status.setText(ex.getMessage());
        }
    }
}
