package org.sevensteps.ui.shell;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import org.sevensteps.lessons.catalog.Lesson;
import org.sevensteps.lessons.catalog.Lessons;

/** The header and the side list of the seven lessons. */
public class MainLayout extends AppLayout {

    public MainLayout() {
        H1 title = new H1("Seven Steps");
        title.addClassName("app-title");
        addToNavbar(new DrawerToggle(), title);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("All lessons", ""));
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
}
