package org.sevensteps.server.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the same workloads in PyTorch with {@code bench/torch_bench.py}, when a Python with torch is
 * found: {@code $PYTHON}, then {@code /usr/bin/python3}, then {@code python3} on the PATH.
 *
 * <p>OpenBLAS: {@code OPENBLAS_CORETYPE} is passed on when set; otherwise it is set to SkylakeX only
 * on a CPU with AVX-512 (on an AVX2-only CPU SkylakeX kernels die with an illegal instruction, and
 * OpenBLAS's own detection is right).
 */
final class TorchRunner {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String python;
    private final Path script;

    private TorchRunner(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** A runner, or empty with the reason in {@code why[0]} when no Python with torch or no script is found. */
    static Optional<TorchRunner> find(String[] why) {
        Path script = findScript();
        if (script == null) {
            why[0] = "bench/torch_bench.py not found (run from the repository, or next to server/target/sevensteps.jar)";
            return Optional.empty();
        }
        Set<String> candidates = new LinkedHashSet<>();
        String env = System.getenv("PYTHON");
        if (env != null && !env.isBlank()) candidates.add(env);
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String py : candidates) {
            if (hasTorch(py)) return Optional.of(new TorchRunner(py, script));
        }
        why[0] = "no Python with torch (tried " + String.join(", ", candidates)
                + "; on Debian: apt-get install -y python3-torch libopenblas0-openmp)";
        return Optional.empty();
    }

    /** Which python and script this runner uses, for the table's header. */
    String describe() {
        return python + " " + script;
    }

    private static Path findScript() {
        List<Path> places = new ArrayList<>();
        places.add(Path.of("bench", "torch_bench.py"));
        try {
            // the jar is server/target/sevensteps.jar: the repository is three levels up
            Path jar = Path.of(TorchRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) places.add(p.resolve("bench").resolve("torch_bench.py"));
        } catch (Exception e) {
            // no code source: only the working directory
        }
        for (Path p : places) if (Files.isRegularFile(p)) return p.toAbsolutePath().normalize();
        return null;
    }

    private static boolean hasTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs the workloads on {@code threads} threads; returns what the script printed, by workload. A
     * workload the script did not finish is missing, and its stderr's last line is in {@code error[0]}.
     */
    Map<String, Workloads.Result> run(Path mnistDir, int threads, List<String> workloads, int epochs, String[] error)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--data-dir", mnistDir.toString(),
                "--threads", Integer.toString(threads), "--workloads", String.join(",", workloads),
                "--epochs", Integer.toString(epochs));
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        if (coreType == null && hasAvx512()) coreType = "SkylakeX";
        if (coreType != null) pb.environment().put("OPENBLAS_CORETYPE", coreType);
        else pb.environment().remove("OPENBLAS_CORETYPE");
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        Map<String, Workloads.Result> results = new HashMap<>();
        StringBuilder stderr = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> stderr.append(l).append('\n'));
            } catch (IOException ignored) {
                // the process died; its exit code tells
            }
        });
        try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Workloads.Result result = parse(line);
                if (result != null) results.put(result.workload(), result);
            }
        }
        int rc = p.waitFor();
        drain.join();
        if (rc != 0) {
            String[] lines = stderr.toString().strip().split("\n");
            error[0] = "PyTorch exited with code " + rc + (rc == 132 ? " (illegal instruction: check OPENBLAS_CORETYPE)" : "")
                    + ": " + lines[lines.length - 1];
        }
        return results;
    }

    /**
     * One line of the script's output as a result, or null when the line is something else. A line is
     * {"workload": "D", "threads": 1, "ms": [301.2, 298.7], "cpu_ms": [300.9, 298.1], "accuracy": 0.951}.
     */
    static Workloads.Result parse(String line) {
        if (!line.strip().startsWith("{\"workload\"")) return null;
        try {
            JsonNode n = JSON.readTree(line);
            return new Workloads.Result(n.get("workload").asString(), numbers(n.get("ms")), numbers(n.get("cpu_ms")),
                    n.get("accuracy").asDouble());
        } catch (RuntimeException e) {
            return null; // not one of ours: printed as it is by the caller
        }
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> xs = new ArrayList<>();
        if (array != null) array.forEach(v -> xs.add(v.asDouble()));
        return xs;
    }

    /** True when /proc/cpuinfo lists avx512f. */
    private static boolean hasAvx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (IOException e) {
            return false;
        }
    }
}
