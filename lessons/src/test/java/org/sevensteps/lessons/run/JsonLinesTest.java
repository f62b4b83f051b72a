package org.sevensteps.lessons.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    @Test
    void anEpochLineHasTheContractsFieldsAndNoType() {
        RunEvent e = RunEvent.epoch(1, 0.21, 0.19, 0.973, 0.41, "cpu", Map.of());
        assertEquals("{\"epoch\":1,\"train_loss\":0.21,\"valid_loss\":0.19,\"valid_accuracy\":0.973,"
                + "\"seconds\":0.41,\"backend\":\"cpu\"}", JsonLines.line(e.withSeq(3)));
    }

    @Test
    void theLastLineSaysDoneFirst() {
        assertEquals("{\"done\":true,\"valid_accuracy\":0.982,\"seconds_total\":8.1,\"backend\":\"cpu\"}",
                JsonLines.line(RunEvent.done(0.982, 8.1, "cpu")));
    }

    @Test
    void batchEventsAreNotPrintedButGoOverTheWireWithTypeAndSeq() {
        RunEvent e = RunEvent.batch(1, 2, 0.5, Map.of("seen", 200)).withSeq(4);
        assertNull(JsonLines.line(e));
        assertEquals("{\"type\":\"batch\",\"seq\":4,\"epoch\":1,\"batch\":2,\"train_loss\":0.5,\"seen\":200}",
                JsonLines.wire(e));
    }
}
