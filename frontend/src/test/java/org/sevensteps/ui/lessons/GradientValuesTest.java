package org.sevensteps.ui.lessons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientValuesTest {

    @Test
    void aStudentMayTypeNumbersWithCommasOrSpaces() {
        assertArrayEquals(new float[] {3, 4, 10}, GradientView.parseValues("3, 4, 10"));
        assertArrayEquals(new float[] {3, -4.5f}, GradientView.parseValues(" 3 -4.5 "));
    }

    @Test
    void anythingElseGetsAMessageThatSaysWhatToType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientView.parseValues("3, four"));
        assertTrue(e.getMessage().contains("\"four\" is not a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradientView.parseValues(""));
        assertThrows(IllegalArgumentException.class, () -> GradientView.parseValues("1e9"));
    }
}
