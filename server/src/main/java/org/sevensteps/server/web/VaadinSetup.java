package org.sevensteps.server.web;

import com.vaadin.flow.server.VaadinServlet;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfoList;
import io.github.classgraph.ScanResult;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContainerInitializerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Vaadin into the servlet context Javalin created. Four things a full container would do:
 * serve {@code META-INF/resources} from the class path, run Vaadin's
 * {@link ServletContainerInitializer}s with the classes they ask for (found by one ClassGraph scan),
 * register the jakarta websocket container, and map the {@link VaadinServlet} at {@code /*}.
 */
final class VaadinSetup {
    private static final Logger log = LoggerFactory.getLogger(VaadinSetup.class);
    /** Where the scan looks for routes, app shell and Vaadin's own handled types. */
    private static final String[] SCANNED = {"com.vaadin", "org.sevensteps"};

    private VaadinSetup() {}

    /** Narrows Javalin's servlet (mapped at {@code /*}) to {@code paths}, so Vaadin can take the rest. */
    static void narrowJavalin(ServletContextHandler handler, String... paths) {
        for (ServletMapping m : handler.getServletHandler().getServletMappings()) {
            if (java.util.Arrays.asList(m.getPathSpecs()).contains("/*")) m.setPathSpecs(paths);
        }
    }

    static void install(ServletContextHandler handler) {
        ClassLoader loader = VaadinSetup.class.getClassLoader();
        handler.setClassLoader(loader);
        handler.setBaseResource(ResourceFactory.of(handler).newClassLoaderResource("META-INF/resources"));

        long start = System.nanoTime();
        try (ScanResult scan = new ClassGraph().enableClassInfo().enableAnnotationInfo()
                .acceptPackages(SCANNED).overrideClassLoaders(loader).scan()) {
            for (ServletContainerInitializer sci : ServiceLoader.load(ServletContainerInitializer.class, loader)) {
                if (!sci.getClass().getName().startsWith("com.vaadin")) continue;
                handler.addServletContainerInitializer(
                        new ServletContainerInitializerHolder(sci, handledClasses(sci, scan).toArray(Class<?>[]::new)));
            }
        }
        log.debug("Vaadin class scan took {} ms", (System.nanoTime() - start) / 1_000_000);

        JakartaWebSocketServletContainerInitializer.configure(handler, null);
        ServletHolder vaadin = new ServletHolder("vaadin", new VaadinServlet());
        vaadin.setAsyncSupported(true);
        vaadin.setInitOrder(1);
        handler.addServlet(vaadin, "/*");
    }

    /** The classes on the class path that {@code sci}'s {@link HandlesTypes} asks for. */
    private static Set<Class<?>> handledClasses(ServletContainerInitializer sci, ScanResult scan) {
        Set<Class<?>> out = new HashSet<>();
        HandlesTypes handles = sci.getClass().getAnnotation(HandlesTypes.class);
        if (handles == null) return out;
        for (Class<?> type : handles.value()) {
            ClassInfoList found;
            if (type.isAnnotation()) {
                found = scan.getClassesWithAnnotation(type.getName());
            } else if (type.isInterface()) {
                found = scan.getClassesImplementing(type.getName());
            } else {
                found = scan.getSubclasses(type.getName());
            }
            out.addAll(found.loadClasses(true));
        }
        return out;
    }
}
