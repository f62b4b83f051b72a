package org.sevensteps.lessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.sevensteps.lessons.TestData;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;

class IdealDigitsTest {

    @Test
    void judgingEveryValidationThreeAndSevenOneByOneGivesTheBaselinesAccuracy() {
        Mnist mnist = TestData.mnist();
        IdealDigits ideals = IdealDigits.of(mnist);
        assertSame(ideals, IdealDigits.of(mnist), "computed once, shared");
        Digits test = mnist.test();
        int right = 0, total = 0;
        for (int i = 0; i < test.count(); i++) {
            int label = test.labels()[i];
            if (label != 3 && label != 7) continue;
            total++;
            if (ideals.judge(test.image(i)).byL1() == label) right++;
        }
        // The run of lesson 1 (BaselineExperimentTest) classifies them in chunks of 100: the same 0.951.
        assertEquals(2038, total);
        assertEquals(0.951, right / (double) total, 1e-3);
    }

    @Test
    void aDigitMinusAnIdealIsPositiveWhereOnlyTheDigitHasInk() {
        IdealDigits.Judgement j = IdealDigits.of(TestData.mnist()).judge(new float[Digits.PIXELS]);
        // An empty image: every difference is minus the ideal, never positive.
        for (float v : j.minus3()) assertEquals(true, v <= 0);
        assertEquals(784, j.minus7().length);
    }
}
