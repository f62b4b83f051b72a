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

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final String baseUrl;

    private ServerProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code serve --port 0} with the data folder of {@link #dataDir()} and waits until it listens. */
    public static ServerProcess start() throws IOException, InterruptedException {
        Path jar = Path.of("..", "server", "target", "sevensteps.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with ./mvnw package (or run ./mvnw verify from the top)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
                "serve", "--port", "0", "--data-dir", dataDir().toString())
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
            ServerProcess server = new ServerProcess(p, url);
            synchronized (lines) {
                server.output.addAll(lines);
            }
            return server;
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

    /** {@code http://localhost:PORT/}. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
