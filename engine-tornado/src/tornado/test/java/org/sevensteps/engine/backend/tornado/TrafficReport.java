package org.sevensteps.engine.backend.tornado;

import java.util.ArrayList;
import java.util.List;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.backend.Traffic;
import org.sevensteps.engine.learn.LessonModels;
import org.sevensteps.engine.learn.LessonModels.Recipe;
import org.sevensteps.engine.learn.LessonModels.Run;
import org.sevensteps.engine.learn.LessonModels.TrafficPerBatch;

/**
 * Not a test: prints, for each lesson model at its lesson's batch size, the bytes a training batch
 * moves between host and device with the model kept on the device and op by op, and the time of
 * the last epoch on the CPU backend and both ways on the device (synthetic images, the MNIST shapes).
 * Run in TornadoVM's JVM (docs/gpu.md says how):
 * {@code java @$TORNADOVM_HOME/tornado-argfile-nocwd -cp CLASSPATH org.sevensteps.engine.backend.tornado.TrafficReport [batches]}
 */
public final class TrafficReport {
    private TrafficReport() {}

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        TornadoBackend resident = (TornadoBackend) Backends.select("tornado", 1).backend();
        TornadoBackend opByOp = resident.opByOp();
        Backend cpu = Backends.select("cpu", 1).backend();
        System.out.println("device: " + resident.deviceName());
        System.out.printf("%-11s %5s %22s %22s %8s %9s %9s %9s %12s%n", "model", "batch", "op by op B/batch", "resident B/batch",
                "ratio", "cpu s", "opbyop s", "resid. s", "loss diff");
        List<String> lines = new ArrayList<>();
        for (Recipe base : LessonModels.ALL) {
            int bs = base == LessonModels.LINEAR || base == LessonModels.SIMPLE_NET ? 256 : 64;
            Recipe r = LessonModels.withBatchSize(base, bs);
            int n = batches * bs + bs / 2, epochs = 3;
            TrafficPerBatch a = new TrafficPerBatch(opByOp::traffic, epochs - 1), b = new TrafficPerBatch(resident::traffic, epochs - 1);
            Run onCpu = LessonModels.train(r, cpu, epochs, n);
            Run perOp = LessonModels.train(r, opByOp, epochs, n, a);
            Run kept = LessonModels.train(r, resident, epochs, n, b);
            Traffic before = a.perBatch().get(2), after = b.perBatch().get(2);
            double worst = 0;
            for (int i = 0; i < onCpu.losses().size(); i++)
                worst = Math.max(worst, Math.abs(onCpu.losses().get(i) - kept.losses().get(i)) / Math.abs(onCpu.losses().get(i)));
            String line = String.format("%-11s %5d %10d / %-9d %10d / %-9d %8.1f %9.3f %9.3f %9.3f %12.2e", r.name(), bs,
                    before.toDevice(), before.toHost(), after.toDevice(), after.toHost(), (double) before.total() / after.total(),
                    onCpu.epochs().getLast().seconds(), perOp.epochs().getLast().seconds(), kept.epochs().getLast().seconds(), worst);
            System.out.println(line);
            lines.add(line);
        }
        System.out.println("(bytes: one full training batch of the last epoch, to device / to host; s: the last of "
                + "3 epochs of " + batches + " batches; loss diff: the largest relative difference of a batch loss, resident vs cpu)");
    }
}
