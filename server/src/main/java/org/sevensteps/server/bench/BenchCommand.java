package org.sevensteps.server.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.mnist.MnistCache;
import org.sevensteps.server.cli.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: workloads A–E on our engine and, when a Python with torch is found, in PyTorch, on
 * the same machine and thread counts; prints one table with the ratio ours / PyTorch (below 1: ours is
 * faster). Timings on a shared machine are noisy: the table says the load average before and after.
 */
@Command(name = "bench", description = "Time workloads A-E on our engine and in PyTorch, side by side.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where MNIST lives, in DIR/mnist (default: ~/.local/share/sevensteps).")
    Path dataDir;

    @Option(names = "--threads", paramLabel = "N[,M...]",
            description = "Thread counts to time (default: 1 and all cores).")
    String threads;

    @Option(names = "--workloads", paramLabel = "A,B,...", defaultValue = "A,B,C,D,E",
            description = "Which workloads (default: ${DEFAULT-VALUE}).")
    String workloads;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "2",
            description = "Timed epochs per workload, after the warm-up (one epoch, repeated for at least 1.5 s of CPU time); "
                    + "the table shows their median (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--backend", paramLabel = "cpu|tornado|auto", defaultValue = "cpu",
            description = "Our engine's backend (default: ${DEFAULT-VALUE}). tornado keeps the CPU rows and adds "
                    + "one device row per workload, with its ratio to the CPU on 1 thread.")
    String backend;

    @Option(names = "--no-torch", description = "Time our engine only.")
    boolean noTorch;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be 1 or more (got " + epochs + ")");
        List<String> ids = new ArrayList<>();
        for (String w : workloads.split(",")) {
            String id = w.trim().toUpperCase(Locale.ROOT);
            Workloads.describe(id); // checks the name
            ids.add(id);
        }
        List<Integer> counts = threadCounts();
        Path data = dataDir != null ? dataDir : CommonOptions.defaultDataDir();
        MnistCache cache = new MnistCache(data);
        Mnist mnist = cache.get();
        Path mnistDir = data.resolve("mnist");

        PrintStream out = System.out;
        String[] why = {null};
        Optional<TorchRunner> torch = noTorch ? Optional.empty() : TorchRunner.find(why);
        if (noTorch) why[0] = "--no-torch";
        out.printf("sevensteps bench: %d cores, load average %s, %d timed epoch(s) after a warm-up of >= 1 epoch and >= %.1f s of CPU, median shown%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), epochs, Workloads.WARM_UP_MS / 1000.0);
        out.println("PyTorch: " + torch.map(TorchRunner::describe).orElse("not run: " + why[0]));

        boolean deviceRows = "tornado".equalsIgnoreCase(backend.trim());
        Backends.Selection device = deviceRows ? Backends.select("tornado", 1) : null; // fails early, with the reason
        Map<String, Row> rows = new LinkedHashMap<>();
        // ours and PyTorch take turns workload by workload, so that both sides of a ratio see the same
        // machine: on a shared one the load can change a lot between the start and the end of the run
        for (int t : counts) {
            Backends.Selection sel = Backends.select(deviceRows ? "cpu" : backend, t);
            out.printf("%d thread(s): ours on %s (%s)%s...%n", t, sel.backend().name(), sel.reason(),
                    torch.isPresent() ? ", then PyTorch, workload by workload" : "");
            for (String id : ids) {
                Row row = rows.computeIfAbsent(id + "/" + t, k -> new Row(id, t));
                try (var scope = Backends.use(sel.backend())) {
                    row.ours = Workloads.run(id, mnist, epochs);
                }
                if (torch.isPresent()) {
                    String[] error = {null};
                    row.torch = torch.get().run(mnistDir, t, List.of(id), epochs, error).get(id);
                    if (error[0] != null) out.println(error[0]);
                }
                out.printf("  %s: ours %.1f ms/epoch (cpu %.1f)%s%n", id, median(row.ours.ms()), median(row.ours.cpuMs()),
                        row.torch == null ? "" : String.format(", PyTorch %.1f (cpu %.1f): ours/torch %.2f (cpu %.2f)",
                                median(row.torch.ms()), median(row.torch.cpuMs()), median(row.ours.ms()) / median(row.torch.ms()),
                                median(row.ours.cpuMs()) / median(row.torch.cpuMs())));
            }
        }
        Map<String, Workloads.Result> onDevice = new LinkedHashMap<>();
        if (deviceRows) {
            out.printf("ours: %s (%s)...%n", device.backend(), device.reason());
            try (var scope = Backends.use(device.backend())) {
                for (String id : ids) onDevice.put(id, Workloads.run(id, mnist, epochs));
            }
        }
        out.println();
        printTable(out, ids, counts, rows, torch.isPresent());
        if (deviceRows) printDeviceRows(out, ids, counts.getFirst(), rows, onDevice, device.backend().toString());
        out.println("load average after: " + loadAverage());
        return 0;
    }

    private List<Integer> threadCounts() {
        List<Integer> counts = new ArrayList<>();
        if (threads == null || threads.isBlank()) {
            counts.add(1);
            int all = Runtime.getRuntime().availableProcessors();
            if (all > 1) counts.add(all);
            return counts;
        }
        for (String s : threads.split(",")) {
            int n;
            try {
                n = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--threads takes numbers like 1 or 1,2 (got '" + threads + "')");
            }
            if (n < 1) throw new IllegalArgumentException("--threads must be 1 or more (got " + n + ")");
            counts.add(n);
        }
        return counts;
    }

    /** One line of the table. */
    private static final class Row {
        final String id;
        final int threads;
        Workloads.Result ours, torch;

        Row(String id, int threads) {
            this.id = id;
            this.threads = threads;
        }
    }

    private static void printTable(PrintStream out, List<String> ids, List<Integer> counts, Map<String, Row> rows, boolean withTorch) {
        String head = withTorch
                ? String.format("%-26s %7s %10s %10s %7s %10s %10s %7s %8s %8s", "workload", "threads", "ours ms", "torch ms",
                        "ratio", "ours cpu", "torch cpu", "ratio", "acc ours", "acc torch")
                : String.format("%-26s %7s %10s %10s %8s", "workload", "threads", "ours ms", "ours cpu", "acc ours");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (int t : counts) {
            for (String id : ids) {
                Row r = rows.get(id + "/" + t);
                String name = id + " " + Workloads.describe(id);
                double ours = median(r.ours.ms()), oursCpu = median(r.ours.cpuMs());
                if (!withTorch) {
                    out.printf("%-26s %7d %10.1f %10.1f %8.4f%n", name, t, ours, oursCpu, r.ours.accuracy());
                } else if (r.torch == null) {
                    out.printf("%-26s %7d %10.1f %10s %7s %10.1f %10s %7s %8.4f %8s%n", name, t, ours, "-", "-", oursCpu, "-", "-",
                            r.ours.accuracy(), "-");
                } else {
                    double theirs = median(r.torch.ms()), theirsCpu = median(r.torch.cpuMs());
                    out.printf("%-26s %7d %10.1f %10.1f %7.2f %10.1f %10.1f %7.2f %8.4f %8.4f%n", name, t, ours, theirs, ours / theirs,
                            oursCpu, theirsCpu, oursCpu / theirsCpu, r.ours.accuracy(), r.torch.accuracy());
                }
            }
        }
        out.println("ms: wall-clock ms per epoch; cpu: CPU ms the process used in it (every thread). Median of the timed epochs.");
        if (withTorch) out.println("ratio = ours/torch, below 1: our engine is faster. On a shared machine the cpu ratio at 1 thread is the "
                + "fairer one (waiting for a core does not count); with more threads, wall time is what parallelism buys.");
    }

    /** The device rows: one per workload, and its time over our CPU's at the first thread count. */
    private static void printDeviceRows(PrintStream out, List<String> ids, int cpuThreads, Map<String, Row> rows,
                                        Map<String, Workloads.Result> onDevice, String device) {
        out.println();
        out.println("device: " + device);
        String head = String.format("%-26s %14s %14s %12s %9s", "workload", "dev ms/epoch",
                "cpu ms/epoch", "dev/cpu(" + cpuThreads + "t)", "acc dev");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (String id : ids) {
            double dev = median(onDevice.get(id).ms()), cpu = median(rows.get(id + "/" + cpuThreads).ours.ms());
            out.printf("%-26s %14.1f %14.1f %12.2f %9.4f%n", id + " " + Workloads.describe(id), dev, cpu, dev / cpu,
                    onDevice.get(id).accuracy());
        }
        out.println("dev/cpu below 1: the device is faster. An OpenCL device on the CPU (PoCL) is no GPU.");
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
