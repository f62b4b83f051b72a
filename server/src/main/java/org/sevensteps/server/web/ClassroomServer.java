package org.sevensteps.server.web;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpCookie;
import org.sevensteps.lessons.mnist.MnistCache;
import org.sevensteps.server.api.ApiRoutes;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.server.runs.BrowserRunService;
import org.sevensteps.server.runs.Engines;
import org.sevensteps.server.runs.QueueSettings;
import org.sevensteps.server.runs.RunQueue;
import org.sevensteps.server.store.ClassroomStore;
import org.sevensteps.server.store.Database;
import org.sevensteps.server.store.QueueStore;
import org.sevensteps.server.store.RunStore;
import org.sevensteps.server.ws.RunSocket;
import org.sevensteps.ui.ports.ClassroomService;
import org.sevensteps.ui.ports.RunService;
import org.sevensteps.ui.ports.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The classroom server: API, websockets and the Vaadin UI in one Jetty on one port. */
public final class ClassroomServer implements AutoCloseable {
    /** Largest request body accepted; a bigger one gets 413 and an error message. */
    static final long MAX_REQUEST_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ClassroomServer.class);

    private CompletableFuture<Void> warmedUp = CompletableFuture.completedFuture(null); // see warmUpEngine
    private final Database db;
    private final Classroom classroom;
    private final Javalin app;
    private final RunQueue queue;
    private final RunSocket sockets;

    /**
     * A server that serves the pages and executes runs on the process's default backend.
     *
     * @param port the TCP port (0 picks a free one)
     * @param dataDir where MNIST ({@code dataDir/mnist}) and the SQLite database live
     * @param dbUrl a JDBC URL for PostgreSQL, or null for the embedded SQLite file
     * @param backend a description of the engine's backend, shown in the UI and in /api/health
     */
    public ClassroomServer(int port, Path dataDir, String dbUrl, String backend) {
        this(port, dataDir, dbUrl, backend, QueueSettings.of(QueueSettings.Role.ALL, Engines.ofDefault()));
    }

    /**
     * A server with its part in the shared queue set by {@code settings}: {@link QueueSettings.Role#ALL}
     * or {@link QueueSettings.Role#WEB} (a worker-only instance has no web server: see
     * {@code serve --role worker}).
     */
    public ClassroomServer(int port, Path dataDir, String dbUrl, String backend, QueueSettings settings) {
        if (settings.role() == QueueSettings.Role.WORKER) throw new IllegalArgumentException("a worker serves no pages");
        MnistCache mnist = new MnistCache(dataDir);
        mnist.store().ensure(); // fail at start, with a clear message, rather than at the first run
        this.db = Database.open(dbUrl, dataDir);
        RunStore runs = new RunStore(db);
        this.classroom = new Classroom(new ClassroomStore(db));
        this.queue = new RunQueue(mnist, runs, new QueueStore(db), classroom, settings);
        this.sockets = new RunSocket(queue, classroom);
        JsonMapper json = JsonMapper.builder().build();
        ApiRoutes api = new ApiRoutes(queue, runs, classroom, backend, json);
        RunService runService = new BrowserRunService(queue, runs, classroom, backend);
        ClassroomService classroomService = new BrowserClassroomService(classroom, runs, queue);

        this.app = Javalin.create(config -> {
            config.jetty.port = port;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson3(json, false));
            config.staticFiles.enableWebjars();
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServletContextHandler(handler -> {
                handler.getSessionHandler().setHttpOnly(true);
                handler.getSessionHandler().setSameSite(HttpCookie.SameSite.LAX);
                VaadinSetup.narrowJavalin(handler, "/api/*", "/ws/*", "/webjars/*");
                Services.register(handler.getServletContext(), RunService.class, runService);
                Services.register(handler.getServletContext(), ClassroomService.class, classroomService);
                Services.register(handler.getServletContext(), MnistCache.class, mnist); // lesson 2 reads the 3s and 7s
                VaadinSetup.install(handler);
            });
            // a body announced too large is refused from its headers, before it is read: a client that
            // asks first ("Expect: 100-continue") gets the 413 without sending 10 MB for nothing
            config.routes.before("/api/*", ctx -> {
                if (ctx.contentLength() > MAX_REQUEST_BYTES) throw new HttpResponseException(413, "The request is too large.");
            });
            api.register(config.routes);
            sockets.register(config.routes);
        });
        // Load MNIST in the background so the first run does not wait for it.
        Thread.ofVirtual().name("mnist-preload").start(() -> {
            try {
                mnist.get();
            } catch (RuntimeException e) {
                log.warn("MNIST preload failed: {}", e.getMessage());
            }
        });
    }

    /** Starts listening; returns once the server accepts connections. */
    public ClassroomServer start() {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(ClassroomServer.class.getClassLoader());
        try {
            app.start();
        } finally {
            current.setContextClassLoader(before);
        }
        return this;
    }

    /** Has the engine trained each lesson's model for a few batches before the first student does (see {@link RunQueue#warmUp}). */
    public ClassroomServer warmUpEngine() {
        warmedUp = queue.warmUp();
        return this;
    }

    /**
     * Waits until the warm-up begun by {@link #warmUpEngine} ended, at most {@code max}.
     *
     * @return whether it ended in time
     */
    public boolean awaitWarmUp(Duration max) throws InterruptedException {
        try {
            warmedUp.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // it failed, and said so in the log: the runs warm the engine up instead
        }
    }


    /** The run queue of this instance (its id, its role, the runs it executed). */
    public RunQueue queue() {
        return queue;
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** A fresh one-time sign-in link for the teacher (older unused links stop working). */
    public String teacherSignInLink() {
        return "http://localhost:" + port() + "/api/teacher/signin?token=" + classroom.newSignInSecret();
    }

    @Override
    public void close() throws Exception {
        app.stop();
        sockets.close();
        queue.close();
        db.close();
    }
}
