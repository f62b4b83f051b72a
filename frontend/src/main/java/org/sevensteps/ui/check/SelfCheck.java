package org.sevensteps.ui.check;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;

/** A short quiz: each question has a field and a Check button; the server says right or not, and why. */
public class SelfCheck extends Div {

    public SelfCheck(List<Question> questions) {
        addClassName("self-check");
        setId("self-check");
        add(new H3("Check yourself"));
        questions.forEach(q -> add(row(q)));
    }

    private static Div row(Question q) {
        TextField answer = new TextField(q.prompt());
        answer.setId("check-" + q.id());
        answer.setWidthFull();
        answer.setMaxLength(40);
        Span result = new Span();
        result.setId("check-" + q.id() + "-result");
        result.getElement().setAttribute("role", "status");
        Button check = new Button("Check", e -> {
            Question.Verdict v = q.check().apply(answer.getValue() == null ? "" : answer.getValue());
            result.setText(v.message());
            result.getElement().getClassList().set("right", v.right());
            result.getElement().getClassList().set("wrong", !v.right());
        });
        check.setId("check-" + q.id() + "-button");
        answer.addKeyPressListener(Key.ENTER, e -> check.click());
        Div row = new Div(answer, check, result);
        row.addClassName("question");
        return row;
    }
}
