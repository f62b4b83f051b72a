package org.sevensteps.ui.code;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;

/** Our engine's code beside the PyTorch it mirrors, two columns, each with a caption. */
public class CodePane extends Div {

    /**
     * @param caption what the Java side shows, e.g. "Our engine: Losses.mnistLoss"
     * @param java the Java source (usually {@link SourceCode#method})
     * @param pytorch the equivalent PyTorch lines
     */
    public CodePane(String caption, String java, String pytorch) {
        addClassName("code-pair");
        add(column(caption, java, "language-java"), column("PyTorch", pytorch, "language-python"));
    }

    private static Div column(String caption, String code, String language) {
        Pre pre = new Pre(code);
        pre.addClassName(language);
        pre.getElement().setAttribute("tabindex", "0"); // scrollable regions must be reachable by keyboard
        Span label = new Span(caption);
        label.addClassName("code-caption");
        return new Div(label, pre);
    }
}
