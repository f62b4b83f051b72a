package org.sevensteps.server.cli;

import java.nio.file.Path;
import org.sevensteps.engine.backend.Backends;
import picocli.CommandLine.Option;

/** Options every subcommand takes. */
public final class CommonOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where MNIST (DIR/mnist) and the database live (default: ~/.local/share/sevensteps).")
    Path dataDir;

    @Option(names = "--backend", paramLabel = "auto|cpu|tornado", defaultValue = "auto",
            description = "Engine backend; auto = tornado when the TornadoVM runtime is present, else cpu "
                    + "(default: ${DEFAULT-VALUE}, or $SEVENSTEPS_BACKEND).")
    String backend;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads for the engine (default: all cores).")
    int threads;

    /** The CPU threads asked for with {@code --threads}; 0: all cores. */
    public int threads() {
        return threads;
    }

    /** The data folder, with its default applied. */
    public Path dataDir() {
        return dataDir != null ? dataDir : defaultDataDir();
    }

    /** {@code ~/.local/share/sevensteps}: the data folder of every subcommand not given {@code --data-dir}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".local", "share", "sevensteps");
    }

    /** Picks the backend (env SEVENSTEPS_BACKEND when --backend is not given) and makes it the default. */
    public Backends.Selection selectBackend() {
        String name = backend;
        String env = System.getenv("SEVENSTEPS_BACKEND");
        if ("auto".equals(name) && env != null && !env.isBlank()) name = env;
        if (threads < 0) throw new IllegalArgumentException("--threads must be 0 (all cores) or more (got " + threads + ")");
        Backends.Selection s = Backends.select(name, threads);
        Backends.setDefault(s.backend());
        return s;
    }
}
