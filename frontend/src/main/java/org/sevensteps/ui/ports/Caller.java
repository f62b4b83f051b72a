package org.sevensteps.ui.ports;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import jakarta.servlet.http.Cookie;
import java.util.HashMap;
import java.util.Map;

/**
 * Who is using a view, as the server needs to know it: the request's cookies (which name a student
 * or the teacher) and the browser session.
 */
public record Caller(Map<String, String> cookies, String sessionId) {

    /** The caller of the request being handled. */
    public static Caller current() {
        Map<String, String> cookies = new HashMap<>();
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request != null && request.getCookies() != null) {
            for (Cookie c : request.getCookies()) cookies.put(c.getName(), c.getValue());
        }
        return new Caller(cookies, VaadinSession.getCurrent().getSession().getId());
    }
}
