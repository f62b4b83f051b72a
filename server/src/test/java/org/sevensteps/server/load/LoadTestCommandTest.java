package org.sevensteps.server.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.sevensteps.server.Main;

/** {@code loadtest} warms the engine up, as {@code serve} does, before the simulated class starts and the clock runs. */
@Timeout(300)
class LoadTestCommandTest {

    @Test
    void theEngineIsWarmBeforeTheClassJoinsThenEveryRunCompletes() {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        int code;
        try {
            code = Main.run(new String[] {"loadtest", "--students", "3", "--model", "linear", "--epochs", "1"});
        } finally {
            System.setOut(oldOut);
        }
        System.out.print(out);
        assertEquals(0, code, out.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.getFirst().matches("engine cpu warmed up in [0-9.]+ s"), out.toString());
        assertTrue(lines.get(1).startsWith("students 3, runs submitted 3, runs completed 3, errors 0"), out.toString());
    }
}
