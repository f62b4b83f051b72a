package org.sevensteps.e2e.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code server/target/sevensteps.jar}) started as a separate process on a
 * free port, exactly as a teacher would start it. Its output is kept for failure messages.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("running at (http://localhost:(\\d+)/)");
    private static final Pattern SIGN_IN = Pattern.compile("sign in once with (\\S+)");

    private final Process process;
    private final List<String> output;
    private final String baseUrl;

    private ServerProcess(Process process, String baseUrl, List<String> output) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.output = output;
    }

    /**
     * Starts {@code serve --port 0} with MNIST from {@link #dataDir()} and a new SQLite database, and
     * waits until it listens.
     */
    public static synchronized ServerProcess start() throws IOException, InterruptedException {
        // One server for the whole test JVM: starting the jar costs seconds, and every test works in a
        // browser context of its own (its own cookies, its own runs), as students do on one server.
        if (shared == null) {
            shared = launch();
            ServerProcess s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return shared;
    }

    private static ServerProcess shared;

    private static ServerProcess launch() throws IOException, InterruptedException {
        // MNIST is shared with the user's data folder; the database is new for every server.
        return launch(Files.createTempDirectory("sevensteps-e2e").resolve("classroom.db"), 0);
    }

    /**
     * Starts a server of its own (not the shared one) on the SQLite database {@code db} and {@code port}
     * (0: any free one), and waits until it listens. The test stops it with {@link #kill} or {@link #stop}.
     */
    public static ServerProcess launch(Path db, int port) throws IOException, InterruptedException {
        Path jar = Path.of("..", "server", "target", "sevensteps.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with ./mvnw package (or run ./mvnw verify from the top)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
                "serve", "--port", Integer.toString(port), "--data-dir", dataDir().toString(), "--db-url", "jdbc:sqlite:" + db)
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("server-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) ready.complete(m.group(1));
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("the server exited before it was ready"));
        });
        try {
            String url = ready.get(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS);
            return new ServerProcess(p, url, lines);
        } catch (Exception e) {
            p.destroyForcibly();
            synchronized (lines) {
                throw new IllegalStateException("server did not start: " + e.getMessage() + "\n" + String.join("\n", lines), e);
            }
        }
    }

    /** Where MNIST is cached for the tests: {@code -Dsevensteps.dataDir}, else the user's default. */
    public static Path dataDir() {
        String configured = System.getProperty("sevensteps.dataDir");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".local", "share", "sevensteps");
    }

    /** The teacher's one-time sign-in link the server printed when it started. */
    public String teacherSignInLink() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            synchronized (output) {
                for (String line : output) {
                    Matcher m = SIGN_IN.matcher(line);
                    if (m.find()) return m.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server printed no sign-in link");
    }

    /** {@code http://localhost:PORT/}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The port it listens on. */
    public int port() {
        return Integer.parseInt(baseUrl.replaceAll(".*:(\\d+)/$", "$1"));
    }

    /** Kills the process at once (SIGKILL), as a crash or a power cut would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Nothing: the shared server stops when the test JVM exits. */
    @Override
    public void close() {}

    /** Stops the process as Ctrl-C would (SIGTERM, then SIGKILL after 10 s). */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
