package org.sevensteps.ui.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void smallNumbersReadLikeALearningRateAndParseBack() {
        assertEquals("1e-5", Json.shortNum(1e-5f));
        assertEquals("2.5e-5", Json.shortNum(2.5e-5f));
        assertEquals("1e-4", Json.shortNum(1e-4f));
        assertEquals("0.01", Json.shortNum(0.01f));
        assertEquals(1e-5f, Float.parseFloat(Json.shortNum(1e-5f)));
    }

    @Test
    void numbersJsonCannotHoldBecomeNull() {
        assertEquals("[1.0,null,null]", Json.array(new float[] {1, Float.POSITIVE_INFINITY, Float.NaN}));
        assertEquals("\"a\\\"b\\nc\"", Json.str("a\"b\nc"));
    }
}
