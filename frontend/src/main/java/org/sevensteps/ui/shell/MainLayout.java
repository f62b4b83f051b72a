package org.sevensteps.ui.shell;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import org.sevensteps.ui.ports.Caller;
import org.sevensteps.ui.ports.ClassroomService;
import org.sevensteps.ui.ports.Services;
import org.sevensteps.lessons.catalog.Lesson;
import org.sevensteps.lessons.catalog.Lessons;

/** The header (who you are), the side list of the seven lessons, and the scripts every view uses. */
public class MainLayout extends AppLayout implements AfterNavigationObserver {
    private final Span identity = new Span();

    public MainLayout() {
        H1 title = new H1("Seven Steps");
        title.addClassName("app-title");
        identity.setId("identity");
        identity.addClassName("identity");
        addToNavbar(new DrawerToggle(), title, identity);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("All lessons", ""));
        nav.addItem(new SideNavItem("Join a class", "join"));
        nav.addItem(new SideNavItem("Teacher", "teacher"));
        for (Lesson lesson : Lessons.ALL) {
            SideNavItem item = new SideNavItem(lesson.number() + ". " + lesson.title(), "lessons/" + lesson.id());
            if (!lesson.available()) item.setSuffixComponent(new Span("soon"));
            nav.addItem(item);
        }
        addToDrawer(nav);

        // Loaded once per page, in this order: Chart.js (webjar) before our module, which uses it.
        var page = com.vaadin.flow.component.UI.getCurrent().getPage();
        page.addJavaScript("context://webjars/chart.js/4.5.1/dist/chart.umd.min.js");
        page.addJavaScript("context://js/sevensteps.js");
    }

    /** Shows who is signed in, and tells the teacher's dashboard which lesson a student has open. */
    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        ClassroomService classroom = Services.get(ClassroomService.class);
        Caller caller = Caller.current();
        ClassroomService.Me me = classroom.me(caller);
        identity.setText(switch (me.role()) {
            case "student" -> me.name() + " · " + me.className();
            case "teacher" -> "Teacher";
            default -> "";
        });
        String path = event.getLocation().getPath();
        if (path.startsWith("lessons/")) classroom.noteLesson(caller, path.substring("lessons/".length()));
    }
}
