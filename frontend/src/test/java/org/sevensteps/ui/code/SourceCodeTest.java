package org.sevensteps.ui.code;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.lessons.experiment.BaselineExperiment;

class SourceCodeTest {

    @Test
    void aMethodIsReadWithItsJavadocUpToItsClosingBrace() {
        String code = SourceCode.method(BaselineExperiment.class, "l1Distance");
        assertTrue(code.startsWith("/**"), code);
        assertTrue(code.contains("static Tensor l1Distance(Tensor x, Tensor ideal) {"), code);
        assertTrue(code.contains(".abs()"), code);
        assertTrue(code.endsWith("}"), code);
        assertTrue(!code.contains("rmseDistance"), "stops at the method's end: " + code);
    }

    @Test
    void engineSourcesAreThereToo() {
        assertTrue(SourceCode.method(Losses.class, "mnistLoss").contains("mnistLoss"));
    }

    @Test
    void aMissingMethodIsAnErrorNotAnEmptyPane() {
        assertThrows(IllegalStateException.class, () -> SourceCode.method(BaselineExperiment.class, "noSuchMethod"));
    }
}
