package org.sevensteps.ui.check;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One question of a self-check.
 *
 * @param id used for the element ids ({@code check-ID}, {@code check-ID-result})
 * @param prompt the question
 * @param check from the student's answer to a verdict
 */
public record Question(String id, String prompt, Function<String, Verdict> check) {

    /** What the student sees after pressing Check. */
    public record Verdict(boolean right, String message) {}

    /** A number within {@code tolerance} of what {@code expected} computes at the time of checking. */
    public static Question number(String id, String prompt, Supplier<Double> expected, double tolerance, String why) {
        return new Question(id, prompt, answer -> {
            Double want = expected.get();
            if (want == null) return new Verdict(false, "Do the experiment above first: this question is about your run.");
            double got;
            try {
                got = Double.parseDouble(answer.strip().replace("%", "").replace(",", ""));
            } catch (NumberFormatException e) {
                return new Verdict(false, "Type a number, like 12 or 0.5.");
            }
            return Math.abs(got - want) <= tolerance
                    ? new Verdict(true, "Right. " + why)
                    : new Verdict(false, "Not quite; try again. Hint: " + why.split("\\.")[0] + ".");
        });
    }

    /** One of a few words, case and spaces ignored. */
    public static Question word(String id, String prompt, String expected, String why) {
        return new Question(id, prompt, answer -> answer.strip().equalsIgnoreCase(expected)
                ? new Verdict(true, "Right. " + why)
                : new Verdict(false, "Not quite; think again about the lesson's text."));
    }
}
