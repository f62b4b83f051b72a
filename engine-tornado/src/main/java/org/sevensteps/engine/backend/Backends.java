package org.sevensteps.engine.backend;

import org.sevensteps.engine.backend.cpu.CpuBackend;

/**
 * Picks a backend ({@link #select}) and holds the one the ops on this thread use ({@link #current},
 * {@link #use}). The default is the CPU backend on all available cores.
 */
public final class Backends {
    private Backends() {}

    /** The chosen backend and a sentence saying why, for the UI and the logs. */
    public record Selection(Backend backend, String reason) {}

    private static volatile Backend defaultBackend;
    private static final ThreadLocal<Backend> CURRENT = new ThreadLocal<>();

    /** True when the JVM was started with the TornadoVM runtime (its argfile sets this property). */
    public static boolean tornadoRuntimePresent() {
        return System.getProperty("tornado.load.runtime.implementation") != null;
    }

    /**
     * Picks a backend by name. "cpu": the CPU backend with {@code threads} threads ({@code <= 0}: all
     * cores). "tornado": the TornadoVM backend, an IllegalArgumentException when the runtime is absent.
     * "auto": tornado when the runtime and the backend class are present, else cpu.
     */
    public static Selection select(String name, int threads) {
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        String n = name == null ? "auto" : name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "cpu":
                return new Selection(cpu(t), "cpu requested (" + t + " thread" + (t == 1 ? "" : "s") + ")");
            case "reference":
                return new Selection(Backend.reference(), "reference kernels requested (1 thread)");
            case "tornado": {
                if (!tornadoRuntimePresent())
                    throw new IllegalArgumentException("backend 'tornado' requested but the TornadoVM runtime is not present: "
                            + "start the JVM with TornadoVM's argfile (see README), or use --backend cpu");
                Backend b = loadTornado();
                if (b == null)
                    throw new IllegalArgumentException("backend 'tornado' requested but this build has no TornadoVM backend: "
                            + "build with -Ptornado, or use --backend cpu");
                return new Selection(b, "tornado requested");
            }
            case "auto": {
                if (!tornadoRuntimePresent())
                    return new Selection(cpu(t), "TornadoVM runtime not present");
                Backend b = loadTornado();
                if (b == null) return new Selection(cpu(t), "TornadoVM runtime present but this build has no TornadoVM backend");
                return new Selection(b, "TornadoVM runtime present");
            }
            default:
                throw new IllegalArgumentException("unknown backend '" + name + "': use auto, cpu or tornado");
        }
    }

    private static final java.util.Map<Integer, CpuBackend> CPU = new java.util.concurrent.ConcurrentHashMap<>();

    /** The CPU backend with {@code threads} threads; one shared instance (and thread pool) per count. */
    public static CpuBackend cpu(int threads) {
        return CPU.computeIfAbsent(Math.max(1, threads), CpuBackend::new);
    }

    private static Backend loadTornado() {
        try {
            Class<?> c = Class.forName("org.sevensteps.engine.backend.tornado.TornadoBackend");
            return (Backend) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The backend ops on this thread use: the one set by {@link #use}, else the process default. */
    public static Backend current() {
        Backend b = CURRENT.get();
        if (b != null) return b;
        Backend d = defaultBackend;
        if (d == null) {
            synchronized (Backends.class) {
                if (defaultBackend == null) defaultBackend = cpu(Runtime.getRuntime().availableProcessors());
                d = defaultBackend;
            }
        }
        return d;
    }

    /** Sets the process-wide default backend (used by threads that did not call {@link #use}). */
    public static void setDefault(Backend backend) {
        defaultBackend = backend;
    }

    /**
     * Makes {@code backend} current on this thread until the returned scope is closed:
     * {@code try (var s = Backends.use(cpu)) { learner.fit(3); }}.
     */
    public static Scope use(Backend backend) {
        Backend previous = CURRENT.get();
        CURRENT.set(backend);
        return () -> {
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
        };
    }

    /** A try-with-resources scope that restores the previous backend. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
