package org.sevensteps.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.server.web.ClassroomServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the classroom server, until Ctrl-C. */
@Command(name = "serve", description = "Start the classroom server (lessons, API, live progress) on one port.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL for a shared deployment, e.g. jdbc:postgresql://db/sevensteps?user=u&password=p "
                    + "(default: the SQLite file DATA_DIR/sevensteps.db).")
    String dbUrl;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535 (got " + port + ")");
        long start = System.nanoTime();
        Backends.Selection backend = common.selectBackend();
        String description = backend.backend().name() + " (" + backend.reason() + ")";
        ClassroomServer server = new ClassroomServer(port, common.dataDir(), dbUrl, description).start().warmUpEngine();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }));
        System.out.printf("Seven Steps is running at http://localhost:%d/ (engine: %s; started in %.1f s)%n",
                server.port(), description, (System.nanoTime() - start) / 1e9);
        // Printed to the console only, never logged: whoever can read this console is the teacher.
        System.out.printf("Teacher: sign in once with %s (this link works once; each start prints a new one).%n",
                server.teacherSignInLink());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
