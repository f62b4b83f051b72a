package org.sevensteps.ui.widgets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.flow.router.QueryParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlStateTest {
    static final double[] FALLBACK = {0, 0, 0};

    static UrlState of(String key, String value) {
        return new UrlState("lessons/cnn", QueryParameters.simple(Map.of(key, value)));
    }

    @Test
    void aListOfNumbersIsReadWhenEachIsInRange() {
        UrlState url = of("w", "-1,0.5,2");
        assertArrayEquals(new double[] {-1, 0.5, 2}, url.numbers("w", 3, -100, 100, FALLBACK));
        assertEquals(0, url.problems().size());
        assertArrayEquals(FALLBACK, url.numbers("absent", 3, -100, 100, FALLBACK));
    }

    @Test
    void aWrongListGivesTheFallbackAndSaysWhy() {
        for (String bad : new String[] {"1,2", "1,2,3,4", "1,x,3", "1,2,500", "1,,3", "NaN,1,2"}) {
            UrlState url = of("w", bad);
            assertArrayEquals(FALLBACK, url.numbers("w", 3, -100, 100, FALLBACK), bad);
            assertTrue(url.problems().getFirst().startsWith("w=" + bad + " is not 3 numbers"), url.problems().toString());
        }
    }
}
