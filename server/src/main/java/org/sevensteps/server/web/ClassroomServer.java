package org.sevensteps.server.web;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import java.nio.file.Path;
import org.sevensteps.lessons.mnist.MnistCache;
import org.sevensteps.server.api.ApiRoutes;
import org.sevensteps.server.runs.BrowserRunService;
import org.sevensteps.server.runs.RunQueue;
import org.sevensteps.server.ws.RunSocket;
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

    private final Javalin app;
    private final RunQueue queue;
    private final RunSocket sockets;

    /**
     * @param port the TCP port (0 picks a free one)
     * @param dataDir where MNIST lives ({@code dataDir/mnist})
     * @param backend a description of the engine's backend, shown in the UI and in /api/health
     */
    public ClassroomServer(int port, Path dataDir, String backend) {
        MnistCache mnist = new MnistCache(dataDir);
        mnist.store().ensure(); // fail at start, with a clear message, rather than at the first run
        this.queue = new RunQueue(mnist);
        this.sockets = new RunSocket(queue);
        JsonMapper json = JsonMapper.builder().build();
        ApiRoutes api = new ApiRoutes(queue, backend, json);
        RunService runService = new BrowserRunService(queue, backend);

        this.app = Javalin.create(config -> {
            config.jetty.port = port;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson3(json, false));
            config.staticFiles.enableWebjars();
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServletContextHandler(handler -> {
                VaadinSetup.narrowJavalin(handler, "/api/*", "/ws/*", "/webjars/*");
                Services.register(handler.getServletContext(), RunService.class, runService);
                VaadinSetup.install(handler);
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

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() throws Exception {
        app.stop();
        sockets.close();
        queue.close();
    }
}
