package org.sevensteps.lessons.mnist;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Loads MNIST on first use and keeps it: about 220 MB of floats shared by every run of a process. */
public final class MnistCache implements Supplier<Mnist> {
    private final MnistStore store;
    private volatile Mnist loaded;

    public MnistCache(Path dataDir) {
        this.store = new MnistStore(dataDir);
    }

    /** The store behind the cache, to check the files without loading them. */
    public MnistStore store() {
        return store;
    }

    @Override
    public Mnist get() {
        Mnist m = loaded;
        if (m == null) {
            synchronized (this) {
                if (loaded == null) loaded = store.load();
                m = loaded;
            }
        }
        return m;
    }
}
