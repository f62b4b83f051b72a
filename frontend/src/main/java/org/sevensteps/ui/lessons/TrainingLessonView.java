package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sevensteps.lessons.catalog.Lesson;
import org.sevensteps.lessons.catalog.Lessons;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.ui.train.TrainingPanel;
import org.sevensteps.ui.widgets.Narrative;
import org.sevensteps.ui.widgets.SelfCheck;
import org.sevensteps.ui.widgets.UrlState;

/**
 * A lesson built around training (5, 6, 7): its narrative, a {@link TrainingPanel}, and its code.
 * The run's spec lives in the URL ({@code ?model=mlp&epochs=3&lr=0.5&batch_size=64&seed=7}), so a
 * link opens the lesson with the same settings and Train replays the same run; the lesson's widgets
 * keep their state there too.
 */
abstract class TrainingLessonView extends VerticalLayout implements BeforeEnterObserver {
    private final Lesson lesson;
    private final List<Model> models;

    /** @param models the models the lesson trains, the first being its default */
    TrainingLessonView(String lessonId, List<Model> models) {
        this.lesson = Lessons.byId(lessonId).orElseThrow();
        this.models = models;
        addClassName("lesson");
    }

    /**
     * Widgets placed inside the lesson's text by {@code <!-- widget:NAME -->} lines; none unless
     * overridden. A widget with state reads it from {@code url} and puts and writes it there after
     * every change, beside the run's spec.
     */
    Map<String, Component> widgets(UrlState url) {
        return Map.of();
    }

    /** The code pane(s) shown under the training panel. */
    abstract List<Component> code();

    /** What the lesson wants said about each model's result, e.g. the source text's number. */
    abstract String expectation(Model model);

    /** Adds the self-check's questions, which may ask about the student's settings and run in {@code panel}. */
    abstract SelfCheck questions(SelfCheck check, TrainingPanel panel);

    /** "What accuracy did your last run reach": checked against the run's stored result. */
    static SelfCheck lastAccuracy(SelfCheck check, TrainingPanel panel) {
        return check.number("accuracy", () -> "What validation accuracy did your last finished run reach, in percent?",
                () -> panel.lastAccuracy() == null ? Double.NaN : panel.lastAccuracy() * 100, 0.11,
                "It is written under the buttons when the run is done, and in the table of your runs.");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        Map<String, List<String>> query = event.getLocation().getQueryParameters().getParameters();
        Span urlProblem = new Span();
        urlProblem.setId("url-problem");
        RunSpec spec = fromUrl(query, urlProblem);
        UrlState url = new UrlState(event.getLocation().getPath(), event.getLocation().getQueryParameters());

        add(new H2(lesson.number() + ". " + lesson.title()));
        Narrative.addTo(this, lesson.id(), widgets(url));
        add(new H3("Train it"));
        Span expectation = new Span(expectation(spec.modelEnum()));
        expectation.setId("expectation");
        expectation.addClassName("expectation");
        RadioButtonGroup<Model> choice = models.size() > 1 ? new RadioButtonGroup<>("Model") : null;
        if (choice != null) {
            choice.setId("model-choice");
            choice.setItems(models);
            choice.setItemLabelGenerator(m -> m.title);
            choice.setValue(spec.modelEnum());
        }
        TrainingPanel panel = new TrainingPanel(spec, models, s -> {
            toUrl(url, s);
            if (choice != null && choice.getValue() != s.modelEnum()) { // the panel switched (a Restart of the other model)
                choice.setValue(s.modelEnum());
                expectation.setText(expectation(s.modelEnum()));
            }
        });
        panel.setId("training");
        if (choice != null) {
            choice.addValueChangeListener(e -> {
                if (e.getValue() == null || !e.isFromClient()) return;
                panel.switchModel(e.getValue());
                expectation.setText(expectation(e.getValue()));
            });
            add(choice);
        }
        add(expectation, urlProblem, panel, new H3("The code that ran"));
        code().forEach(this::add);
        add(questions(new SelfCheck(), panel));
    }

    /** The spec in the query string; the lesson's default with a message when it is missing or wrong. */
    private RunSpec fromUrl(Map<String, List<String>> query, Span problem) {
        if (query.isEmpty()) return RunSpec.defaults(models.getFirst());
        try {
            RunSpec s = RunSpec.parse(key -> Optional.ofNullable(query.get(key)).map(List::getFirst)
                    .orElse(key.equals("model") ? models.getFirst().id : null));
            if (!models.contains(s.modelEnum())) throw new IllegalArgumentException("this lesson trains "
                    + String.join(" or ", models.stream().map(m -> m.id).toList()) + ", not " + s.model());
            s.validated();
            return s;
        } catch (IllegalArgumentException e) {
            problem.setText("The link's settings could not be used (" + e.getMessage() + "); showing the lesson's defaults.");
            return RunSpec.defaults(models.getFirst());
        }
    }

    private static void toUrl(UrlState url, RunSpec spec) {
        spec.toParams().forEach((k, v) -> {
            if (!k.equals("backend")) url.put(k, v); // the server decides the backend; a link should not pin it
        });
        url.write();
    }
}
