package org.sevensteps.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sevensteps.server.Main;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TrainCommandTest {

    record Result(int code, String out, String err) {}

    static Result cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Result(Main.run(args), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void trainBaselineJsonPrintsOneEpochLineThenDone() {
        Result r = cli("train", "--model", "baseline", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        JsonMapper json = JsonMapper.builder().build();
        JsonNode epoch = json.readTree(lines.get(0)), done = json.readTree(lines.get(1));
        assertEquals(1, epoch.get("epoch").asInt());
        assertEquals(0.951, epoch.get("valid_accuracy").asDouble(), 1e-3);
        assertTrue(epoch.get("seconds").asDouble() > 0);
        assertEquals("cpu", epoch.get("backend").asString());
        assertTrue(done.get("done").asBoolean());
        assertEquals(epoch.get("valid_accuracy"), done.get("valid_accuracy"));
    }

    @Test
    void trainLinearJsonPrintsTheContractsFieldsForEachEpochThenDone() {
        Result r = cli("train", "--model", "linear", "--epochs", "2", "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        JsonMapper json = JsonMapper.builder().build();
        for (int i = 0; i < 2; i++) {
            JsonNode epoch = json.readTree(lines.get(i));
            assertEquals(List.of("epoch", "train_loss", "valid_loss", "valid_accuracy", "seconds", "backend"),
                    List.copyOf(epoch.propertyNames()));
            assertEquals(i + 1, epoch.get("epoch").asInt());
        }
        JsonNode done = json.readTree(lines.get(2));
        assertTrue(done.get("done").asBoolean());
        assertTrue(done.get("valid_accuracy").asDouble() > 0.9, lines.get(2));
    }

    @Test
    void anOutOfRangeLearningRateOrEpochCountExitsWithCodeTwo() {
        for (String[] bad : new String[][] {{"--lr", "-1"}, {"--epochs", "0"}}) {
            Result r = cli("train", "--model", "linear", bad[0], bad[1], "--json");
            assertEquals(2, r.code(), r.err());
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void aBadValueExitsWithCodeTwoAndOneLineOnStderr() {
        Result r = cli("train", "--model", "nope");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("unknown model 'nope'"), r.err());
    }

    @Test
    void aMissingModelIsAUsageErrorWithCodeTwo() {
        assertEquals(2, cli("train").code());
    }
}
