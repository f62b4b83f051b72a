package org.sevensteps.ui.code;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a method of the engine or of the lessons from the sources packed in their jars, so a lesson
 * shows the code that really ran, never a copy that could drift.
 */
public final class SourceCode {
    private SourceCode() {}

    /**
     * The lines of the first method (or constructor) named {@code method} in {@code type}'s source
     * file, from its Javadoc or first annotation through its closing brace, re-indented to column 0.
     *
     * @throws IllegalStateException when the source or the method is not found: a lesson must not
     *     silently show nothing
     */
    public static String method(Class<?> type, String method) {
        List<String> lines = lines(type);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.startsWith("//") && !l.startsWith("*") && l.matches(".*\\b" + java.util.regex.Pattern.quote(method) + "\\(.*")
                    && (l.endsWith("{") || l.endsWith(",") || l.endsWith("(")) && !l.contains("=") && !l.startsWith("return")) {
                start = i;
                break;
            }
        }
        if (start < 0) throw new IllegalStateException("no method " + method + " in " + type.getName());
        int from = start;
        while (from > 0) {
            String prev = lines.get(from - 1).strip();
            if (prev.startsWith("@") || prev.startsWith("*") || prev.startsWith("/**") || prev.startsWith("//")) from--;
            else break;
        }
        int depth = 0, end = start;
        boolean opened = false;
        for (int i = start; i < lines.size(); i++) {
            for (char c : lines.get(i).toCharArray()) {
                if (c == '{') { depth++; opened = true; }
                if (c == '}') depth--;
            }
            if (opened && depth == 0) {
                end = i;
                break;
            }
        }
        return dedent(lines.subList(from, end + 1));
    }

    private static List<String> lines(Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) top = top.getEnclosingClass();
        String path = "/source/" + top.getName().replace('.', '/') + ".java";
        try (InputStream in = top.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no source " + path + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dedent(List<String> block) {
        int indent = block.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : block) out.add(l.length() >= indent ? l.substring(indent) : l.strip());
        return String.join("\n", out);
    }
}
