package org.sevensteps.ui.widgets;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A few questions at the end of a lesson. The server marks every answer: a number is compared with
 * what the engine computes from the student's own widgets at the moment they press Check.
 */
public class SelfCheck extends Div {
    private int count;

    public SelfCheck() {
        addClassName("self-check");
        add(new H3("Check yourself"));
    }

    /**
     * A question answered with a number.
     *
     * @param question the text, asked again at every check (it may quote the student's numbers)
     * @param expected the right answer, computed when Check is pressed
     * @param tolerance how far off an answer may be and still count
     * @param why shown after a wrong answer
     */
    public SelfCheck number(String id, Supplier<String> question, DoubleSupplier expected, double tolerance, String why) {
        Paragraph text = new Paragraph(question.get());
        TextField answer = new TextField("Your answer");
        answer.setId(id + "-answer");
        Span verdict = verdict(id);
        Button check = new Button("Check", e -> {
            text.setText(question.get());
            double want = expected.getAsDouble();
            if (Double.isNaN(want)) {
                mark(verdict, false, "Try the experiment above first: this question is about what you did there.");
                return;
            }
            String raw = answer.getValue().strip().replace(',', '.');
            double got;
            try {
                got = Double.parseDouble(raw);
            } catch (NumberFormatException ex) {
                mark(verdict, false, raw.isEmpty() ? "Type a number first." : "\"" + raw + "\" is not a number: type digits, like 0.25.");
                return;
            }
            boolean right = Math.abs(got - want) <= tolerance;
            mark(verdict, right, right ? "Right: the engine gets " + fmt(want) + "."
                    : "Not quite: the engine gets " + fmt(want) + ". " + why);
        });
        check.setId(id + "-check");
        answer.addKeyPressListener(com.vaadin.flow.component.Key.ENTER, e -> check.click());
        question(text, answer, check, verdict);
        return this;
    }

    /** A question with a few answers to choose from. */
    public SelfCheck choice(String id, String question, List<String> options, String correct, String why) {
        RadioButtonGroup<String> answer = new RadioButtonGroup<>();
        answer.setItems(options);
        answer.setId(id + "-answer");
        answer.setAriaLabel(question);
        Span verdict = verdict(id);
        Button check = new Button("Check", e -> {
            if (answer.getValue() == null) mark(verdict, false, "Pick an answer first.");
            else if (answer.getValue().equals(correct)) mark(verdict, true, "Right. " + why);
            else mark(verdict, false, "Not this one. " + why);
        });
        check.setId(id + "-check");
        question(new Paragraph(question), answer, check, verdict);
        return this;
    }

    private void question(Paragraph text, com.vaadin.flow.component.Component answer, Button check, Span verdict) {
        count++;
        text.addClassName("check-text");
        Div row = new Div(answer, check);
        row.addClassName("answer-row");
        Div q = new Div(new Span(count + "."), text, row, verdict);
        q.addClassName("check-question");
        add(q);
    }

    private static Span verdict(String id) {
        Span v = new Span();
        v.setId(id + "-verdict");
        v.addClassName("verdict");
        v.getElement().setAttribute("aria-live", "polite");
        return v;
    }

    private static void mark(Span verdict, boolean right, String text) {
        verdict.setText((right ? "✓ " : "✗ ") + text);
        verdict.getElement().setAttribute("data-right", Boolean.toString(right));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
