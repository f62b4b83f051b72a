package org.sevensteps.engine.backend.cpu;

import org.sevensteps.engine.backend.Backend;

/** Placeholder: replaced below. */
public final class CpuBackend implements Backend {
    private final int threads;

    public CpuBackend(int threads) {
        this.threads = Math.max(1, threads);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int threads() {
        return threads;
    }
}
