package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.sevensteps.lessons.catalog.Lesson;
import org.sevensteps.lessons.catalog.Lessons;
import org.sevensteps.ui.shell.MainLayout;

/** The start page: the seven lessons in order, each a card that links to its view. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Seven Steps: lessons")
public class LessonListView extends VerticalLayout {

    public LessonListView() {
        addClassName("lesson-list");
        add(new H2("Learn how a neural network learns, in seven steps"));
        add(new Paragraph("Each lesson trains a real model on real handwritten digits (MNIST) on the server, "
                + "and shows you every number as it changes."));
        Div cards = new Div();
        cards.addClassName("lesson-cards");
        Lessons.ALL.forEach(lesson -> cards.add(card(lesson)));
        add(cards);
    }

    private static Div card(Lesson lesson) {
        Div card = new Div();
        card.addClassName("lesson-card");
        card.setId("lesson-card-" + lesson.id());
        H3 title = new H3(lesson.number() + ". " + lesson.title());
        card.add(title, new Paragraph(lesson.summary()));
        if (lesson.available()) {
            Anchor open = new Anchor("lessons/" + lesson.id(), "Open lesson");
            open.addClassName("lesson-open");
            card.add(open);
        } else {
            Span soon = new Span("Coming soon");
            soon.addClassName("lesson-soon");
            card.add(soon);
        }
        return card;
    }
}
