package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import java.util.Map;
import org.sevensteps.lessons.catalog.Lesson;
import org.sevensteps.lessons.catalog.Lessons;
import org.sevensteps.ui.widgets.Narrative;
import org.sevensteps.ui.widgets.UrlState;

/**
 * Lessons 2 to 4: widgets the server recomputes in the request, placed inside the lesson's text, with
 * the whole state in the query string. This class holds what the three share: the heading, the line
 * that explains a broken link, the lesson's script ({@code js/lessons/ID.js}), and reading the URL
 * when the page opens.
 *
 * <p>A subclass builds its widgets in its constructor and ends it with {@link #narrative}; it reads its
 * state in {@link #restore} and writes it back with {@link #url()} after every change.
 */
abstract class PlaygroundView extends VerticalLayout implements BeforeEnterObserver {
    private final Lesson lesson;
    private final Span urlMessage = new Span();
    private UrlState url;

    /** @param subtitle what follows "N. Title: " in the heading */
    PlaygroundView(String lessonId, String subtitle) {
        this.lesson = Lessons.byId(lessonId).orElseThrow();
        addClassName("lesson");
        UI.getCurrent().getPage().addJavaScript("context://js/lessons/" + lessonId + ".js");
        urlMessage.setId("url-message");
        urlMessage.addClassName("url-message");
        add(new H2(lesson.number() + ". " + lesson.title() + ": " + subtitle), urlMessage);
    }

    /** Adds the lesson's text with {@code widgets} at their places; the last line of a subclass constructor. */
    final void narrative(Map<String, Component> widgets) {
        Narrative.addTo(this, lesson.id(), widgets);
    }

    /**
     * Sets the view's state from the link it was opened with (values missing or out of range take their
     * defaults, with a message added to {@link UrlState#problems()}) and draws everything.
     */
    abstract void restore(UrlState state);

    @Override
    public final void beforeEnter(BeforeEnterEvent event) {
        url = new UrlState("lessons/" + lesson.id(), event.getLocation().getQueryParameters());
        restore(url);
        urlMessage.setText(String.join(" ", url.problems()));
    }

    /** The page's URL state, to {@code put} and {@code write} after a change; null before the page opened. */
    final UrlState url() {
        return url;
    }

    /** A framed widget made of {@code parts}. */
    static Div widget(Component... parts) {
        return box("widget", parts);
    }

    /** A row of controls (buttons, fields) that wraps on a narrow screen. */
    static Div controls(Component... parts) {
        return box("controls", parts);
    }

    /** A line of numbers that changes with the widget, read out by screen readers when it does. */
    static Span readout(String id) {
        Span s = new Span();
        s.setId(id);
        s.addClassName("readout");
        s.getElement().setAttribute("aria-live", "polite");
        return s;
    }

    /** An empty line for a widget's error messages, announced at once when one appears. */
    static Span errorLine(String id) {
        Span s = new Span();
        s.setId(id);
        s.addClassName("error-message");
        s.getElement().setAttribute("role", "alert");
        return s;
    }

    private static Div box(String className, Component... parts) {
        Div box = new Div(parts);
        box.addClassName(className);
        return box;
    }
}
