package org.sevensteps.lessons.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sevensteps.lessons.TestData;

class MnistStoreTest {

    @Test
    void mnistHasSixtyThousandTrainingAndTenThousandTestDigitsWithPixelsInZeroOne() {
        Mnist m = TestData.mnist();
        assertEquals(60_000, m.train().count());
        assertEquals(10_000, m.test().count());
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float p : m.train().pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertEquals(5, m.train().labels()[0], "the first training digit of MNIST is a 5");
        assertEquals(7, m.test().labels()[0], "the first test digit of MNIST is a 7");
    }

    @Test
    void theThreesAndSevensSampleHasTheSourceTextsCounts() {
        ThreesAndSevens s = TestData.mnist().threesAndSevens();
        assertEquals(6131, s.trainThrees().count());
        assertEquals(6265, s.trainSevens().count());
        assertEquals(1010, s.validThrees().count());
        assertEquals(1028, s.validSevens().count());
    }

    @Test
    void aDataDirThatHoldsTheFourFilesLoadsWithoutFetching(@TempDir Path dir) throws IOException {
        copyMnistInto(dir);
        MnistStore store = new MnistStore(dir);
        store.ensure();
        assertEquals(10_000, store.load().test().count());
        try (var files = Files.list(store.dir())) {
            assertEquals(4, files.count(), "nothing fetched, nothing left behind");
        }
    }

    @Test
    void aCorruptFileIsRefusedWithAMessageSayingHowToFixIt(@TempDir Path dir) throws IOException {
        copyMnistInto(dir);
        Path labels = dir.resolve("mnist").resolve(MnistFile.TEST_LABELS.fileName);
        byte[] bytes = Files.readAllBytes(labels);
        bytes[100] = (byte) ((bytes[100] + 1) % 10); // one label changed
        Files.write(labels, bytes);
        MnistException e = assertThrows(MnistException.class, () -> new MnistStore(dir).ensure());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("Delete it"), e.getMessage());
    }

    private static void copyMnistInto(Path dir) throws IOException {
        TestData.mnist(); // makes sure the shared copy exists
        Path from = TestData.dataDir().resolve("mnist"), to = dir.resolve("mnist");
        Files.createDirectories(to);
        for (MnistFile f : MnistFile.values()) Files.copy(from.resolve(f.fileName), to.resolve(f.fileName));
    }
}
