package org.sevensteps.server.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;

/**
 * CPU time used by this whole process (every thread: the GC's and the JIT's too), in ns. The JDK's
 * {@code OperatingSystemMXBean.getProcessCpuTime} counts in 10 ms ticks here, too coarse for a 15 ms
 * epoch, so on Linux this asks {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} directly, as Python's
 * {@code time.process_time()} does; elsewhere it falls back to the MXBean.
 */
final class ProcessCpu {
    private ProcessCpu() {}

    private static final int CLOCK_PROCESS_CPUTIME_ID = 2; // Linux
    private static final MethodHandle CLOCK_GETTIME = clockGettime();

    private static MethodHandle clockGettime() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return null;
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime")
                    .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException e) { // no native access: the coarse clock will do
            return null;
        }
    }

    /** Nanoseconds of CPU time this process has used. */
    static long nanos() {
        if (CLOCK_GETTIME != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment timespec = arena.allocate(16, 8); // struct timespec { long tv_sec; long tv_nsec; }
                if ((int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, timespec) == 0)
                    return timespec.get(JAVA_LONG, 0) * 1_000_000_000L + timespec.get(JAVA_LONG, 8);
            } catch (Throwable e) {
                // fall through to the MXBean
            }
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
