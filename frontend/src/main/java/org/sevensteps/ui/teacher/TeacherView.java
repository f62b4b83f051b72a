package org.sevensteps.ui.teacher;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.shared.Registration;
import java.util.ArrayList;
import java.util.List;
import org.sevensteps.ui.charts.LiveChart;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.ClassroomService;
import org.sevensteps.ui.ports.ClassroomService.ClassView;
import org.sevensteps.ui.ports.ClassroomService.RunRow;
import org.sevensteps.ui.ports.ClassroomService.StudentRow;
import org.sevensteps.ui.ports.Services;
import org.sevensteps.ui.shell.MainLayout;

/**
 * {@code /teacher}: the signed-in teacher's classes. Pick a class to see its code, set its limits,
 * and watch every student and run; the page refreshes itself every two seconds, and a selected run's
 * curve streams live over its websocket.
 */
@Route(value = "teacher", layout = MainLayout.class)
@PageTitle("Teacher | Seven Steps")
public class TeacherView extends VerticalLayout {
    static final int REFRESH_MS = 2000;

    private final ClassroomService service = Services.get(ClassroomService.class);
    private final Select<ClassView> classes = new Select<>();
    private final Span code = new Span();
    private final IntegerField maxEpochs = new IntegerField("Max epochs per run");
    private final IntegerField runsPerStudent = new IntegerField("Runs per student at once");
    private final Checkbox cpuFallback = new Checkbox("Allow CPU fallback when the device is busy");
    private final Span limitsMessage = new Span();
    private final Grid<StudentRow> students = new Grid<>(StudentRow.class, false);
    private final Grid<RunRow> runs = new Grid<>(RunRow.class, false);
    private final LiveChart curve = new LiveChart("run-curve", "epoch", "value", "valid accuracy", "train loss");
    private final Div classBox = new Div();
    /** The runs shown; rows are told apart by run id, so a selection survives a refresh. */
    private final List<RunRow> runItems = new ArrayList<>();
    private Registration polling;

    public TeacherView() {
        addClassName("teacher");
        add(new H2("Your classroom"));
        if (!"teacher".equals(service.me(Caller.current()).role())) {
            add(new Paragraph("This page is for the teacher. Sign in with the one-time link the server printed "
                    + "in its console when it started."));
            return;
        }
        add(newClassForm(), classPicker());
        classBox.add(new H3("Limits"), limitsForm(), new H3("Students"), configureStudents(),
                new H3("Runs"), configureRuns(), new H3("Selected run"), curve);
        classBox.setVisible(false);
        classBox.setWidthFull();
        add(classBox);
        reloadClasses(null);
    }

    @Override
    protected void onAttach(AttachEvent e) {
        e.getUI().setPollInterval(REFRESH_MS);
        polling = e.getUI().addPollListener(p -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent e) {
        e.getUI().setPollInterval(-1);
        if (polling != null) polling.remove();
    }

    private HorizontalLayout newClassForm() {
        TextField name = new TextField("New class");
        name.setId("new-class-name");
        name.setPlaceholder("Year 11, group B");
        Button create = new Button("Create", ev -> {
            try {
                ClassView c = service.createClass(Caller.current(), name.getValue());
                name.clear();
                reloadClasses(c.id());
            } catch (RuntimeException ex) {
                name.setErrorMessage(ex.getMessage());
                name.setInvalid(true);
            }
        });
        create.setId("create-class");
        create.addThemeVariants(ButtonVariant.PRIMARY);
        HorizontalLayout row = new HorizontalLayout(name, create);
        row.setAlignItems(Alignment.BASELINE);
        return row;
    }

    private HorizontalLayout classPicker() {
        classes.setLabel("Class");
        classes.setId("class-picker");
        classes.setItemLabelGenerator(ClassView::name);
        classes.addValueChangeListener(e -> show(e.getValue()));
        code.setId("class-code");
        code.addClassName("class-code");
        HorizontalLayout row = new HorizontalLayout(classes, code);
        row.setAlignItems(Alignment.BASELINE);
        return row;
    }

    private HorizontalLayout limitsForm() {
        maxEpochs.setMin(1);
        maxEpochs.setMax(100);
        runsPerStudent.setMin(1);
        runsPerStudent.setMax(10);
        Button save = new Button("Save limits", e -> {
            ClassView c = classes.getValue();
            try {
                service.setLimits(Caller.current(), c.id(), valueOf(maxEpochs), valueOf(runsPerStudent), cpuFallback.getValue());
                limitsMessage.setText("Saved.");
            } catch (RuntimeException ex) {
                limitsMessage.setText(ex.getMessage());
            }
        });
        save.setId("save-limits");
        limitsMessage.getElement().setAttribute("role", "status");
        HorizontalLayout row = new HorizontalLayout(maxEpochs, runsPerStudent, cpuFallback, save, limitsMessage);
        row.setAlignItems(Alignment.BASELINE);
        return row;
    }

    private static int valueOf(IntegerField f) {
        if (f.getValue() == null) throw new IllegalArgumentException(f.getLabel() + " is missing");
        return f.getValue();
    }

    private Grid<StudentRow> configureStudents() {
        students.setId("students");
        students.addColumn(StudentRow::name).setHeader("Student");
        students.addColumn(s -> s.lesson() == null ? "–" : s.lesson()).setHeader("Lesson");
        students.addColumn(StudentRow::queued).setHeader("Queued");
        students.addColumn(StudentRow::running).setHeader("Running");
        students.addColumn(StudentRow::finished).setHeader("Finished");
        students.addColumn(s -> percent(s.bestAccuracy())).setHeader("Best accuracy");
        students.setAllRowsVisible(true);
        return students;
    }

    private Grid<RunRow> configureRuns() {
        runs.setId("runs");
        runs.addColumn(RunRow::student).setHeader("Student");
        runs.addColumn(RunRow::model).setHeader("Model");
        runs.addColumn(RunRow::state).setHeader("State");
        runs.addColumn(r -> percent(r.accuracy())).setHeader("Accuracy");
        runs.addColumn(r -> r.backend() == null ? "–" : r.backend()).setHeader("Engine");
        runs.addComponentColumn(r -> {
            Button cancel = new Button("Cancel", e -> {
                service.cancel(Caller.current(), r.id());
                refresh();
            });
            cancel.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.ERROR);
            cancel.setVisible(r.state().equals("queued") || r.state().equals("running"));
            cancel.getElement().setAttribute("aria-label", "Cancel " + r.student() + "'s " + r.model() + " run");
            return cancel;
        }).setHeader("");
        runs.setAllRowsVisible(true);
        runs.setItems(new ListDataProvider<>(runItems) {
            @Override
            public Object getId(RunRow r) {
                return r.id();
            }
        });
        runs.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) curve.getElement().executeJs("SevenSteps.watchCurve(this, $0)", e.getValue().id());
        });
        return runs;
    }

    private void reloadClasses(String selectId) {
        List<ClassView> all = service.classes(Caller.current());
        classes.setItems(all);
        all.stream().filter(c -> c.id().equals(selectId)).findFirst()
                .or(() -> all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.getLast()))
                .ifPresent(classes::setValue);
    }

    private void show(ClassView c) {
        classBox.setVisible(c != null);
        if (c == null) return;
        code.setText("Class code: " + c.code());
        maxEpochs.setValue(c.maxEpochs());
        runsPerStudent.setValue(c.runsPerStudent());
        cpuFallback.setValue(c.cpuFallback());
        limitsMessage.setText("");
        refresh();
    }

    private void refresh() {
        ClassView c = classes.getValue();
        if (c == null) return;
        students.setItems(service.students(Caller.current(), c.id()));
        runItems.clear();
        runItems.addAll(service.runs(Caller.current(), c.id()));
        runs.getDataProvider().refreshAll();
    }

    private static String percent(Double v) {
        return v == null ? "–" : String.format("%.1f%%", v * 100);
    }
}
