package org.sevensteps.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.server.runs.Engines;
import org.sevensteps.server.runs.QueueSettings;
import org.sevensteps.server.runs.QueueSettings.Role;
import org.sevensteps.server.web.ClassroomServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the classroom server (or, with {@code --role worker}, a worker of its run queue), until Ctrl-C. */
@Command(name = "serve", description = "Start the classroom server (lessons, API, live progress) on one port.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL for a shared deployment, e.g. jdbc:postgresql://db/sevensteps?user=u&password=p "
                    + "(default: the SQLite file DATA_DIR/sevensteps.db).")
    String dbUrl;

    @Option(names = "--role", paramLabel = "all|web|worker", defaultValue = "all",
            description = "all: serve the pages and execute runs (default); web: serve the pages, leave the runs to "
                    + "workers; worker: only execute runs of the shared queue, no web server. web and worker need PostgreSQL.")
    String role;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535 (got " + port + ")");
        Role r = parseRole();
        long start = System.nanoTime();
        Backends.Selection backend = common.selectBackend();
        String description = backend.backend().name() + " (" + backend.reason() + ")";
        QueueSettings settings = QueueSettings.of(r, Engines.of(backend.backend(), common.threads));
        if (r == Role.WORKER) return work(settings, description);
        ClassroomServer server = new ClassroomServer(port, common.dataDir(), dbUrl, description, settings).start().warmUpEngine();
        CountDownLatch stopped = untilShutdown(server);
        System.out.printf("Seven Steps is running at http://localhost:%d/ (engine: %s; started in %.1f s)%n",
                server.port(), r == Role.WEB ? "none here, runs go to the workers" : description, (System.nanoTime() - start) / 1e9);
        // Printed to the console only, never logged: whoever can read this console is the teacher.
        System.out.printf("Teacher: sign in once with %s (this link works once; each start prints a new one).%n",
                server.teacherSignInLink());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private Role parseRole() {
        Role r = switch (role == null ? "" : role.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "all" -> Role.ALL;
            case "web" -> Role.WEB;
            case "worker" -> Role.WORKER;
            default -> throw new IllegalArgumentException("--role must be all, web or worker (got '" + role + "')");
        };
        if (r != Role.ALL && (dbUrl == null || !dbUrl.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("--role " + role + " shares the run queue with other instances: it needs "
                    + "--db-url jdbc:postgresql://... (see README, Several servers)");
        }
        return r;
    }

    /** A worker: the run queue's workers and heartbeat on the shared database, no web server. */
    private int work(QueueSettings settings, String description) throws InterruptedException {
        QueueWorker worker = new QueueWorker(common.dataDir(), dbUrl, settings);
        CountDownLatch stopped = untilShutdown(worker);
        System.out.printf("Seven Steps worker %s is taking runs from the shared queue (engine: %s)%n",
                worker.instance(), description);
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Closes {@code what} on Ctrl-C (or SIGTERM); the latch opens once it is closed. */
    private static CountDownLatch untilShutdown(AutoCloseable what) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                what.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }));
        return stopped;
    }
}
