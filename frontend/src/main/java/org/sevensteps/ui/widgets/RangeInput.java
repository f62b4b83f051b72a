package org.sevensteps.ui.widgets;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DebounceSettings;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeLabel;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.dom.DebouncePhase;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * A labelled native slider ({@code <input type=range>}): arrows, Page Up/Down, Home and End move it,
 * screen readers announce it, and the server hears every move while it is dragged (throttled).
 */
public class RangeInput extends Div {
    private final Input input = new Input();
    private final Span shown = new Span();
    private final int decimals;

    public RangeInput(String id, String label, double min, double max, double step, double value, int decimals) {
        this.decimals = decimals;
        addClassName("range-input");
        input.setId(id);
        input.getElement().setAttribute("type", "range");
        input.getElement().setAttribute("min", Double.toString(min));
        input.getElement().setAttribute("max", Double.toString(max));
        input.getElement().setAttribute("step", Double.toString(step));
        NativeLabel l = new NativeLabel(label);
        l.setFor(id);
        shown.addClassName("range-value");
        shown.setId(id + "-value");
        add(l, input, shown);
        setValue(value);
    }

    /** Moves the slider (no event is sent back). */
    public void setValue(double value) {
        input.getElement().setProperty("value", Double.toString(value));
        input.getElement().setAttribute("value", Double.toString(value));
        shown.setText(format(value));
    }

    /** Calls {@code listener} with the new value on every move. */
    public void addValueListener(DoubleConsumer listener) {
        input.onMove(e -> {
            try {
                double v = Double.parseDouble(e.value);
                shown.setText(format(v));
                listener.accept(v);
            } catch (NumberFormatException ignored) {
                // a range input only ever sends numbers
            }
        });
    }

    /** The slider element, for scripts that drive it. */
    public com.vaadin.flow.dom.Element inputElement() {
        return input.getElement();
    }

    private String format(double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    @Tag("input")
    public static final class Input extends com.vaadin.flow.component.HtmlComponent {
        void onMove(com.vaadin.flow.component.ComponentEventListener<MoveEvent> listener) {
            addListener(MoveEvent.class, listener);
        }
    }

    /** Fired while the slider moves: at the first move, every 40 ms during a drag, and at the end. */
    @DomEvent(value = "input", debounce = @DebounceSettings(timeout = 40,
            phases = {DebouncePhase.LEADING, DebouncePhase.INTERMEDIATE, DebouncePhase.TRAILING}))
    public static final class MoveEvent extends ComponentEvent<Input> {
        final String value;

        public MoveEvent(Input source, boolean fromClient, @EventData("element.value") String value) {
            super(source, fromClient);
            this.value = value;
        }
    }
}
