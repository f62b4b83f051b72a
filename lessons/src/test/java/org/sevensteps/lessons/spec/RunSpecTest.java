package org.sevensteps.lessons.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecTest {

    @Test
    void missingValuesTakeTheLessonsDefaults() {
        RunSpec s = RunSpec.parse(Map.of("model", "mlp", "seed", "7")::get);
        assertEquals(new RunSpec("mlp", 3, 0.5, 64, 7, "auto"), s);
    }

    @Test
    void aSpecWrittenAsParametersReadsBackEqual() {
        RunSpec s = new RunSpec("linear", 20, 1.0, 256, 12345, "cpu");
        assertEquals(s, RunSpec.parse(s.toParams()::get));
    }

    @Test
    void aNegativeLearningRateIsRefusedWithItsRange() {
        RunSpec s = RunSpec.parse(Map.of("model", "linear", "lr", "-1")::get);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::validated);
        assertTrue(e.getMessage().contains("Learning rate must be between"), e.getMessage());
        assertTrue(e.getMessage().contains("got -1"), e.getMessage());
    }

    @Test
    void textWhereANumberBelongsNamesTheKey() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.parse(Map.of("model", "linear", "epochs", "many")::get));
        assertEquals("epochs must be a whole number (got 'many')", e.getMessage());
    }

    @Test
    void anUnknownModelListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(Map.of("model", "gpt")::get));
        assertTrue(e.getMessage().contains("baseline|linear|simple-net|mlp|cnn"), e.getMessage());
    }

    @Test
    void anUnknownBackendIsRefused() {
        RunSpec s = RunSpec.parse(Map.of("model", "baseline", "backend", "quantum")::get);
        assertEquals(1, s.problems().size());
    }
}
