package org.sevensteps.lessons.mnist;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The whole of MNIST: 60,000 training and 10,000 test digits. Immutable; the 3s-and-7s sample is cut
 * out once, on first use, and shared by every run that needs it, and so is anything else
 * {@link #shared derived} from the digits (the datasets the experiments train on).
 */
public final class Mnist {
    private final Digits train;
    private final Digits test;
    private volatile ThreesAndSevens threesAndSevens;
    private final Map<String, Object> derived = new ConcurrentHashMap<>();

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

    /**
     * What {@code make} computes from these digits, computed on the first call for {@code key} and
     * shared by every later one: a run's setup then costs no copying of the images. What it returns
     * is read by many runs at once, so nobody may write to it.
     *
     * @param key names what is made, e.g. {@code "3s-vs-7s train"}; one key, one kind of value
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Function<Mnist, T> make) {
        return (T) derived.computeIfAbsent(key, k -> make.apply(this));
    }
}
