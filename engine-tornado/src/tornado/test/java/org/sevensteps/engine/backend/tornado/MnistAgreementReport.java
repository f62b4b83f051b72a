package org.sevensteps.engine.backend.tornado;

import java.util.List;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.backend.tornado.MnistLessons.Agreement;
import org.sevensteps.engine.backend.tornado.MnistLessons.Lesson;
import org.sevensteps.engine.backend.tornado.MnistLessons.Run;
import org.sevensteps.engine.learn.EpochStats;

/**
 * Not a test: trains lesson models on real MNIST (lesson defaults, seed 42) on the CPU backend, on the
 * device and, with {@code ref}, on the reference backend, and prints each epoch and how far the device
 * (and the reference) is from the CPU backend: the measurements behind {@link TornadoMnistTest}'s
 * tolerances in docs/gpu.md. Run in TornadoVM's JVM:
 * {@code java @$TORNADOVM_HOME/tornado-argfile-nocwd -cp CLASSPATH org.sevensteps.engine.backend.tornado.MnistAgreementReport
 * MODEL[,MODEL...] EPOCHS [TRAIN_IMAGES [VALID_IMAGES [NUDGED [ref]]]]}}: NUDGED more CPU runs, each with its
 * initial weights moved by one float step ({@link MnistLessons#train(Lesson, Backend, int, int, int, long)}).
 */
public final class MnistAgreementReport {
    private MnistAgreementReport() {}

    public static void main(String[] args) {
        int epochs = Integer.parseInt(args[1]);
        int train = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        int valid = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        int nudged = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        boolean ref = args.length > 5 && args[5].equals("ref");
        Backend cpu = Backends.select("cpu", 1).backend();
        TornadoBackend device = (TornadoBackend) Backends.select("tornado", 1).backend();
        System.out.println("device: " + device.deviceName() + "; fma " + System.getProperty("tornado.enable.fma", "default")
                + ", OpenCL flags " + System.getProperty("tornado.opencl.compiler.flags", "default"));
        for (String name : args[0].split(",")) {
            Lesson lesson = MnistLessons.ALL.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
            Run onCpu = MnistLessons.train(lesson, cpu, epochs, train, valid);
            Run onDevice = MnistLessons.train(lesson, device, epochs, train, valid);
            Run onRef = ref ? MnistLessons.train(lesson, Backend.reference(), epochs, train, valid) : null;
            for (int e = 0; e < epochs; e++) {
                EpochStats c = onCpu.epochs().get(e), d = onDevice.epochs().get(e);
                System.out.printf("%-10s epoch %d: cpu %.2f s loss %.6f acc %.4f | device %.2f s loss %.6f acc %.4f | rel %.1e%s%n",
                        name, e + 1, c.seconds(), c.trainLoss(), c.validAccuracy(), d.seconds(), d.trainLoss(), d.validAccuracy(),
                        Agreement.relative(c.trainLoss(), d.trainLoss()),
                        onRef == null ? "" : String.format(" | reference loss %.6f acc %.4f rel %.1e", onRef.epochs().get(e).trainLoss(),
                                onRef.epochs().get(e).validAccuracy(), Agreement.relative(c.trainLoss(), onRef.epochs().get(e).trainLoss())));
            }
            for (int n : List.of(10, 25, 50, 100)) System.out.printf("%-10s device vs cpu: %s%n", name, Agreement.of(onCpu, onDevice, n));
            for (int k = 1; k <= nudged; k++) {
                Run n = MnistLessons.train(lesson, cpu, epochs, train, valid, k);
                for (int e = 0; e < epochs; e++)
                    System.out.printf("%-10s cpu nudged %d, epoch %d: loss %.6f acc %.4f rel %.1e%n", name, k, e + 1,
                            n.epochs().get(e).trainLoss(), n.epochs().get(e).validAccuracy(),
                            Agreement.relative(onCpu.epochs().get(e).trainLoss(), n.epochs().get(e).trainLoss()));
                System.out.printf("%-10s cpu nudged %d vs cpu: %s%n", name, k, Agreement.of(onCpu, n, 25));
            }
            if (onRef != null) for (int n : List.of(10, 25, 50, 100)) System.out.printf("%-10s reference vs cpu: %s%n", name, Agreement.of(onCpu, onRef, n));
        }
    }
}
