package org.sevensteps.ui.widgets;

/** The few JSON pieces the figures need, written by hand (numbers, strings, arrays). */
public final class Json {
    private Json() {}

    /** A JSON string literal. */
    public static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A number; NaN and the infinities, which JSON lacks, become null. */
    public static String num(double v) {
        if (!Double.isFinite(v)) return "null";
        return Float.toString((float) v);
    }

    /** A short human form of a small positive number: 1e-5, 2.5e-5, 0.01. Java and JavaScript both parse it. */
    public static String shortNum(double v) {
        if (v == 0 || !Double.isFinite(v)) return num(v);
        if (Math.abs(v) >= 1e-3) return new java.math.BigDecimal(Float.toString((float) v)).stripTrailingZeros().toPlainString();
        int exp = (int) Math.floor(Math.log10(Math.abs(v)));
        double m = Math.round(v / Math.pow(10, exp) * 1000) / 1000.0;
        if (Math.abs(m) >= 10) {
            m /= 10;
            exp++;
        }
        String mant = m == Math.rint(m) ? Long.toString((long) m) : Double.toString(m);
        return mant + "e" + exp;
    }

    /** A JSON array of numbers. */
    public static String array(float[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) sb.append(i > 0 ? "," : "").append(num(values[i]));
        return sb.append(']').toString();
    }
}
