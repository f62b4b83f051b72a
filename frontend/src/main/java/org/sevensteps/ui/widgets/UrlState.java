package org.sevensteps.ui.widgets;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lesson's state in its query string ({@code /lessons/step?seed=42&lr=1e-05&steps=3}), read when
 * the page opens and rewritten (without a new history entry) after every change, so the address bar
 * is always a link that reproduces what the student sees. Bad values are collected as messages.
 * Several parts of a page (a lesson's training panel and its widgets) may share one: each puts its own
 * keys and writes them all.
 */
public final class UrlState {
    private final String path;
    private final Map<String, List<String>> in;
    private final Map<String, String> out = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    public UrlState(String path, QueryParameters query) {
        this.path = path;
        this.in = query.getParameters();
    }

    /** The number under {@code key}, or {@code fallback} when absent; out of [min, max] or not a number: a problem, and the fallback. */
    public double number(String key, double min, double max, double fallback) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) return fallback;
        try {
            double v = Double.parseDouble(raw.get());
            if (v >= min && v <= max) return v;
            problems.add(key + "=" + raw.get() + " is outside " + min + " to " + max + "; using " + fallback + ".");
        } catch (NumberFormatException e) {
            problems.add(key + "=" + raw.get() + " is not a number; using " + fallback + ".");
        }
        return fallback;
    }

    /**
     * The {@code count} comma-separated numbers under {@code key}, each in [min, max], or
     * {@code fallback} when absent; a wrong list is a problem, and gives the fallback.
     */
    public double[] numbers(String key, int count, double min, double max, double[] fallback) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) return fallback.clone();
        String[] parts = raw.get().split(",", -1);
        double[] v = new double[count];
        try {
            if (parts.length != count) throw new NumberFormatException();
            for (int i = 0; i < count; i++) {
                v[i] = Double.parseDouble(parts[i]);
                if (!(v[i] >= min && v[i] <= max)) throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(key + "=" + raw.get() + " is not " + count + " numbers from " + Json.shortNum(min) + " to "
                    + Json.shortNum(max) + "; using the default.");
            return fallback.clone();
        }
    }

    /** Whether the link had {@code key}. */
    public boolean has(String key) {
        return raw(key).isPresent();
    }

    /** The text under {@code key}, or {@code fallback}. */
    public String text(String key, String fallback) {
        return raw(key).orElse(fallback);
    }

    private Optional<String> raw(String key) {
        List<String> v = in.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** What was wrong in the link the page was opened with, for a message; empty when nothing. */
    public List<String> problems() {
        return problems;
    }

    /** Sets {@code key} for the next {@link #write()}. */
    public UrlState put(String key, Object value) {
        out.put(key, String.valueOf(value));
        return this;
    }

    /** Leaves {@code key} out of the next {@link #write()}. */
    public UrlState remove(String key) {
        out.remove(key);
        return this;
    }

    /** Replaces the address bar's query with what was put. */
    public void write() {
        Map<String, String> copy = new LinkedHashMap<>(out);
        UI.getCurrent().getPage().getHistory().replaceState(null, new Location(path, QueryParameters.simple(copy)));
    }
}
