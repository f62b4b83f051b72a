package org.sevensteps.ui.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Lesson 1's drawing in a link: 784 pixels, one byte each, back within 1/510 of what was drawn. */
class DrawingInTheUrlTest {

    @Test
    void aDrawingComesBackFromItsTextWithinHalfAStep() {
        float[] pixels = new float[784];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (i * 37 % 101) / 100f;
        String text = IdealDigitsWidget.encode(pixels);
        assertEquals(1046, text.length());
        float[] back = IdealDigitsWidget.decode(text);
        for (int i = 0; i < pixels.length; i++) assertEquals(Math.min(1, pixels[i]), back[i], 0.5 / 255 + 1e-6);
    }

    @Test
    void textThatIsNotADrawingGivesNull() {
        assertNull(IdealDigitsWidget.decode("not base64!"));
        assertNull(IdealDigitsWidget.decode("AAAA"));
    }
}
