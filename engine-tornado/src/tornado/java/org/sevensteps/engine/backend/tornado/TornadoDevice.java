package org.sevensteps.engine.backend.tornado;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Device;
import org.sevensteps.engine.backend.Program;
import org.sevensteps.engine.backend.Traffic;

/**
 * The OpenCL device of a {@link TornadoBackend} as a {@link Device}: loads programs as
 * {@link TornadoProgram}s. A program given back is kept, compiled, for the next one of the same
 * key (the next run of the same lesson model), up to {@link #KEPT} of them; the least recently
 * given back is freed first. It also counts the bytes that its programs and the backend's per-op
 * graphs move.
 */
final class TornadoDevice implements Device {
    /** Compiled programs kept for reuse; each holds device memory for its activations. */
    static final int KEPT = 16;

    private final String name;
    private final Backend host;
    private final LongAdder toDevice = new LongAdder(), toHost = new LongAdder();
    private final Map<String, ArrayDeque<TornadoProgram>> free = new LinkedHashMap<>(16, 0.75f, true);
    private int kept;
    private int compiled;

    TornadoDevice(String name, Backend host) {
        this.name = name;
        this.host = host;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend host() {
        return host;
    }

    @Override
    public synchronized Loaded load(Program program) {
        ArrayDeque<TornadoProgram> q = free.get(program.key());
        TornadoProgram p = q == null ? null : q.poll();
        if (p != null) {
            kept--;
            p.bind(program);
            return p;
        }
        compiled++;
        return new TornadoProgram(program, this);
    }

    /** How many programs were built (not taken from the ones kept). */
    synchronized int compiled() {
        return compiled;
    }

    /** Takes a program back: kept for reuse, unless it failed or too many are kept. */
    synchronized void giveBack(TornadoProgram p) {
        if (p.broken()) {
            p.free();
            return;
        }
        free.computeIfAbsent(p.program().key(), k -> new ArrayDeque<>()).push(p);
        kept++;
        for (Iterator<ArrayDeque<TornadoProgram>> it = free.values().iterator(); kept > KEPT && it.hasNext(); ) {
            ArrayDeque<TornadoProgram> q = it.next();
            while (kept > KEPT && !q.isEmpty()) {
                q.pollLast().free();
                kept--;
            }
            if (q.isEmpty()) it.remove();
        }
    }

    /** Adds to the byte counts. */
    void counted(long toDevice, long toHost) {
        this.toDevice.add(toDevice);
        this.toHost.add(toHost);
    }

    @Override
    public Traffic traffic() {
        return new Traffic(toDevice.sum(), toHost.sum());
    }
}
