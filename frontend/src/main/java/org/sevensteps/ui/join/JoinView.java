package org.sevensteps.ui.join;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinService;
import jakarta.servlet.http.Cookie;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.ClassroomService;
import org.sevensteps.ui.ports.Services;
import org.sevensteps.ui.shell.MainLayout;

/** {@code /join}: a student types the class code from the board and a name the class will see. */
@Route(value = "join", layout = MainLayout.class)
@PageTitle("Join a class | Seven Steps")
public class JoinView extends VerticalLayout {
    private final TextField code = new TextField("Class code");
    private final TextField name = new TextField("Your name");
    private final Button join = new Button("Join the class");
    private final Span message = new Span();

    public JoinView() {
        addClassName("join");
        ClassroomService.Me me = Services.get(ClassroomService.class).me(Caller.current());
        add(new H2("Join a class"));
        if (me.className() != null) {
            add(new Paragraph("You are in " + me.className() + " as " + me.name() + ". Joining again makes you a new student."));
        }
        add(new Paragraph("Type the code your teacher shows, and the name your teacher will see next to your runs. "
                + "No e-mail and no password."));
        code.setId("join-code");
        code.setPlaceholder("K7PM-Q3XA");
        code.setMaxLength(20);
        code.setRequired(true);
        name.setId("join-name");
        name.setMaxLength(30);
        name.setRequired(true);
        join.setId("join-button");
        join.addThemeVariants(ButtonVariant.PRIMARY);
        join.addClickShortcut(Key.ENTER);
        join.addClickListener(e -> join());
        message.setId("join-message");
        message.getElement().setAttribute("role", "status");
        add(code, name, join, message);
    }

    private void join() {
        try {
            ClassroomService.Joined joined = Services.get(ClassroomService.class).join(Caller.current(), code.getValue(), name.getValue());
            Cookie cookie = new Cookie(joined.cookieName(), joined.cookieSecret());
            cookie.setPath("/");
            cookie.setMaxAge(365 * 24 * 3600);
            cookie.setHttpOnly(true);
            cookie.setAttribute("SameSite", "Lax");
            VaadinService.getCurrentResponse().addCookie(cookie);
            message.setText("Welcome, " + name.getValue().strip() + "! You are in " + joined.className() + ".");
            join.setEnabled(false);
            getUI().ifPresent(ui -> ui.getPage().executeJs("setTimeout(() => location.assign('/'), 1200)"));
        } catch (IllegalArgumentException ex) {
            message.setText(ex.getMessage());
        }
    }
}
