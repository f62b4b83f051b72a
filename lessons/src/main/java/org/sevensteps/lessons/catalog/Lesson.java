package org.sevensteps.lessons.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * One lesson of the course.
 *
 * @param number position in the course, 1 to 7
 * @param id the URL segment ({@code /lessons/{id}})
 * @param title short title
 * @param summary one sentence for the lesson list
 * @param available whether the lesson's page is built yet
 */
public record Lesson(int number, String id, String title, String summary, boolean available) {
    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().build();

    /**
     * The lesson's narrative, {@code lessons/{id}.md} on the class path, rendered to HTML.
     *
     * @throws IllegalStateException when the lesson has no text
     */
    public String narrativeHtml() {
        String resource = "/lessons/" + id + ".md";
        try (InputStream in = Lesson.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no lesson text " + resource);
            return HTML.render(MARKDOWN.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
