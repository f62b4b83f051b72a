package org.sevensteps.engine.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.tensor.Tensor;

class DataLoaderTest {
    private final Dataset ten = new Dataset(
            Tensor.of(new float[] {0, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60, 7, 70, 8, 80, 9, 90}, 10, 2),
            Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10));

    private static List<Float> labels(DataLoader dl) {
        List<Float> out = new ArrayList<>();
        for (Batch b : dl) {
            for (int r = 0; r < b.size(); r++) {
                assertEquals(b.y().data()[r] * 10, b.x().get(r, 1), "row " + r + " keeps x and y together");
                out.add(b.y().data()[r]);
            }
        }
        return out;
    }

    @Test
    void theLastPartialBatchIsKept() {
        DataLoader dl = new DataLoader(ten, 4);
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : dl) sizes.add(b.size());
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(3, dl.batchCount());
        assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), labels(dl));
    }

    @Test
    void shufflingIsSeededAndChangesEveryEpoch() {
        DataLoader a = new DataLoader(ten, 3, true, 42), b = new DataLoader(ten, 3, true, 42);
        List<Float> a1 = labels(a), a2 = labels(a);
        assertEquals(a1, labels(b));
        assertEquals(a2, labels(b));
        assertNotEquals(a1, a2);
        List<Float> sorted = new ArrayList<>(a1);
        sorted.sort(null);
        assertEquals(labels(new DataLoader(ten, 3)), sorted);
    }
}
