package org.sevensteps.lessons.mnist;

/**
 * The whole of MNIST: 60,000 training and 10,000 test digits.
 *
 * @param train the training set
 * @param test the test set, which the lessons use as their validation set
 */
public record Mnist(Digits train, Digits test) {

    /** MNIST_SAMPLE: only the 3s and the 7s (train 6131 + 6265, valid 1010 + 1028). */
    public ThreesAndSevens threesAndSevens() {
        return new ThreesAndSevens(train.only(3), train.only(7), test.only(3), test.only(7));
    }
}
