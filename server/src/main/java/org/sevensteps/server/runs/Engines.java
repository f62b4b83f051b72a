package org.sevensteps.server.runs;

import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;

/**
 * What one instance executes runs on: the CPU always, and a device when the engine picked TornadoVM.
 * Each is a lane of the queue with one worker thread, so with a device two runs may execute at once:
 * one on the device, one on the CPU (a run that asked for the CPU, or a CPU fallback).
 *
 * @param cpu the CPU backend
 * @param device the device backend (its {@link Backend#name()} is {@code tornado}), or null
 */
public record Engines(Backend cpu, Backend device) {

    /** The lanes for the backend the command line selected. */
    public static Engines of(Backend selected, int threads) {
        return isDevice(selected) ? new Engines(Backends.cpu(threads > 0 ? threads : Runtime.getRuntime().availableProcessors()),
                selected) : new Engines(selected, null);
    }

    /** The process's default backend: a device lane only when it is TornadoVM. */
    public static Engines ofDefault() {
        return of(Backends.current(), 0);
    }

    public boolean hasDevice() {
        return device != null;
    }

    private static boolean isDevice(Backend b) {
        return b.name().equals("tornado");
    }
}
