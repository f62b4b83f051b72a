package org.sevensteps.ui.ports;

import com.vaadin.flow.server.VaadinServlet;
import jakarta.servlet.ServletContext;

/** Finds the server's implementations of the ports, which it stores as servlet context attributes. */
public final class Services {
    private Services() {}

    /** Makes {@code impl} available to the views under its interface. Called by the server at start. */
    public static <T> void register(ServletContext context, Class<T> port, T impl) {
        context.setAttribute(port.getName(), impl);
    }

    /** The implementation of {@code port}, from the servlet context of the current request. */
    public static <T> T get(Class<T> port) {
        Object impl = VaadinServlet.getCurrent().getServletContext().getAttribute(port.getName());
        if (impl == null) throw new IllegalStateException("the server registered no " + port.getSimpleName());
        return port.cast(impl);
    }
}
