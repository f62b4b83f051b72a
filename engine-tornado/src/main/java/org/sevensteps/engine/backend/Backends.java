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
     * "auto": tornado when the runtime and the backend class are present and a first graph compiles
     * and checks out on the device, else cpu (the reason is logged and in the selection).
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
                Backend b;
                try {
                    b = tornado(cpu(t));
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException("backend 'tornado' requested but " + e.getMessage() + ": use --backend cpu", e);
                }
                return new Selection(b, "tornado requested");
            }
            case "auto": {
                if (!tornadoRuntimePresent()) return new Selection(cpu(t), "TornadoVM runtime not present");
                try {
                    return new Selection(tornado(cpu(t)), "TornadoVM runtime present");
                } catch (IllegalStateException e) {
                    String why = e.getMessage();
                    LOG.log(System.Logger.Level.WARNING, "backend auto: falling back to cpu: {0}", why);
                    return new Selection(cpu(t), "TornadoVM runtime present, but " + why);
                }
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

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static volatile Backend tornado;

    /**
     * The TornadoVM backend, one per process (it holds the compiled graphs), whose ops fall back to
     * {@code fallback} where a graph fails to compile. Loaded by reflection: the class exists only in a
     * {@code -Ptornado} build. Its constructor compiles and checks a small graph first.
     *
     * @throws IllegalStateException with a sentence saying why, when the class is missing or the check fails
     */
    private static synchronized Backend tornado(Backend fallback) {
        if (tornado != null) return tornado;
        Class<?> c;
        try {
            c = Class.forName("org.sevensteps.engine.backend.tornado.TornadoBackend");
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("this build has no TornadoVM backend (build with -Ptornado)");
        }
        try {
            tornado = (Backend) c.getDeclaredConstructor(Backend.class).newInstance(fallback);
            return tornado;
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the TornadoVM backend failed to start: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the TornadoVM backend failed to load: " + e, e);
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
