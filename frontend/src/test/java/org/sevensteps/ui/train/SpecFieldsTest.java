package org.sevensteps.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.flow.component.HasValidation;
import org.junit.jupiter.api.Test;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.RunSpec;

class SpecFieldsTest {

    private static HasValidation field(SpecFields fields, String id) {
        return (HasValidation) fields.getChildren().filter(c -> c.getId().orElse("").equals(id)).findFirst().orElseThrow();
    }

    @Test
    void readingValidFieldsGivesTheSpecShown() {
        SpecFields fields = new SpecFields(Model.LINEAR, () -> {});
        RunSpec shown = RunSpec.defaults(Model.LINEAR).withSeed(7);
        fields.show(shown);
        RunSpec read = fields.read(Model.LINEAR).spec();
        assertNotNull(read);
        assertEquals(shown.epochs(), read.epochs());
        assertEquals(shown.lr(), read.lr());
        assertEquals(shown.batchSize(), read.batchSize());
        assertEquals(7, read.seed());
    }

    @Test
    void readingWrongFieldsChangesNothingOnThePageButCheckingMarksThem() {
        SpecFields fields = new SpecFields(Model.LINEAR, () -> {});
        fields.show(new RunSpec("linear", 0, 1, 256, 7, "auto"));
        HasValidation epochs = field(fields, "epochs");
        epochs.setInvalid(false); // as the page shows it before anyone checked
        epochs.setErrorMessage("");

        SpecFields.Reading r = fields.read(Model.LINEAR);
        assertNull(r.spec());
        assertTrue(r.summary().startsWith("Epochs"), r.summary());
        assertFalse(epochs.isInvalid(), "read() is only a question");
        assertEquals("", epochs.getErrorMessage());

        fields.check(Model.LINEAR);
        assertTrue(field(fields, "epochs").isInvalid());
        assertTrue(field(fields, "epochs").getErrorMessage().startsWith("Epochs"));
        assertFalse(field(fields, "lr").isInvalid());

        fields.show(new RunSpec("linear", 5, 1, 256, 7, "auto"));
        assertNotNull(fields.check(Model.LINEAR).spec());
        assertFalse(field(fields, "epochs").isInvalid(), "a corrected field loses its mark");
    }
}
