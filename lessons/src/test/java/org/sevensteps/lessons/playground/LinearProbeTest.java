package org.sevensteps.lessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.sevensteps.lessons.TestData;

class LinearProbeTest {

    @Test
    void aTinyChangeOfOneWeightLeavesAccuracyAsItWasButMovesTheLoss() {
        LinearProbe probe = new LinearProbe(TestData.mnist().threesAndSevens());
        assertEquals(6131 + 6265, probe.images());
        LinearProbe.Nudge n = probe.nudge(42, 14 * 28 + 14, 1.0001f);
        assertEquals(n.before().accuracy(), n.after().accuracy());
        assertNotEquals(n.before().loss(), n.after().loss());
    }
}
