package org.sevensteps.lessons;

import java.nio.file.Path;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.mnist.MnistCache;

/** Real MNIST for the tests, loaded once per test JVM (fetched into the data folder when missing). */
public final class TestData {
    private static final MnistCache CACHE = new MnistCache(dataDir());

    private TestData() {}

    /** {@code -Dsevensteps.dataDir}, else the launcher's default {@code ~/.local/share/sevensteps}. */
    public static Path dataDir() {
        String configured = System.getProperty("sevensteps.dataDir");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".local", "share", "sevensteps");
    }

    public static Mnist mnist() {
        return CACHE.get();
    }
}
