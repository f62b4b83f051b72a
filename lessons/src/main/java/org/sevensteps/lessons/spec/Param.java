package org.sevensteps.lessons.spec;

/**
 * One tunable number of a model, with the range a student may choose from.
 *
 * @param name the key in URLs, JSON and on the command line ({@code lr}, {@code epochs}, {@code batch_size})
 * @param label what the UI calls it
 * @param min smallest allowed value (inclusive)
 * @param max largest allowed value (inclusive)
 * @param defaultValue the value the source text uses
 */
public record Param(String name, String label, double min, double max, double defaultValue) {

    /** Null when {@code value} is allowed, else a message a student can act on. */
    public String check(double value) {
        if (Double.isNaN(value) || value < min || value > max) {
            return label + " must be between " + fmt(min) + " and " + fmt(max) + " (got " + fmt(value) + ")";
        }
        return null;
    }

    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(); // 0.000001, not 1.0E-6
    }
}
