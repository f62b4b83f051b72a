package org.sevensteps.ui.widgets;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.util.Map;
import org.sevensteps.lessons.catalog.Lessons;

/**
 * A lesson's Markdown text with its widgets placed inside it: a line {@code <!-- widget:NAME -->}
 * in the Markdown marks where the widget called NAME goes, so text and experiment sit side by side.
 */
public final class Narrative {
    private Narrative() {}

    /**
     * Adds the text of lesson {@code id} to {@code view}, each marked widget at its place.
     *
     * @throws IllegalStateException when the text names a widget not given, or a widget is not placed
     */
    public static void addTo(VerticalLayout view, String id, Map<String, Component> widgets) {
        String html = Lessons.byId(id).orElseThrow().narrativeHtml();
        String[] parts = html.split("<!-- widget:");
        addText(view, parts[0]);
        int placed = 0;
        for (int i = 1; i < parts.length; i++) {
            int end = parts[i].indexOf("-->");
            String name = parts[i].substring(0, end).strip();
            Component w = widgets.get(name);
            if (w == null) throw new IllegalStateException("lesson " + id + " places an unknown widget " + name);
            view.add(w);
            placed++;
            addText(view, parts[i].substring(end + 3));
        }
        if (placed != widgets.size()) throw new IllegalStateException("lesson " + id + " places " + placed + " of " + widgets.size() + " widgets");
    }

    private static void addText(VerticalLayout view, String html) {
        if (!html.isBlank()) view.add(new Html("<div class=\"narrative\">" + html + "</div>"));
    }
}
