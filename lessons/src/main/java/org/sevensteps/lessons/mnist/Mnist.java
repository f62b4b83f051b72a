package org.sevensteps.lessons.mnist;

/**
 * The whole of MNIST: 60,000 training and 10,000 test digits. Immutable; the 3s-and-7s sample is cut
 * out once, on first use, and shared by every run that needs it.
 */
public final class Mnist {
    private final Digits train;
    private final Digits test;
    private volatile ThreesAndSevens threesAndSevens;

    /**
     * @param train the training set
     * @param test the test set, which the lessons use as their validation set
     */
    public Mnist(Digits train, Digits test) {
        this.train = train;
        this.test = test;
    }

    /** The training set. */
    public Digits train() {
        return train;
    }

    /** The test set, which the lessons use as their validation set. */
    public Digits test() {
        return test;
    }

    /** MNIST_SAMPLE: only the 3s and the 7s (train 6131 + 6265, valid 1010 + 1028). */
    public ThreesAndSevens threesAndSevens() {
        ThreesAndSevens s = threesAndSevens;
        if (s == null) {
            // Racing threads may both cut it; they get equal copies, and one is kept.
            s = new ThreesAndSevens(train.only(3), train.only(7), test.only(3), test.only(7));
            threesAndSevens = s;
        }
        return s;
    }
}
